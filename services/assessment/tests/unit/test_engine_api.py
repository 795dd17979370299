"""A positioning test through the API on the real bank: start, answer, skip, the end."""
import json
from pathlib import Path

import jsonschema
import pytest
from pix_assessment.domain.content import load_bank
from pixkit.events import Envelope

from .answering import right_answer, wrong_answer
from .conftest import USER

ENVELOPE = json.loads((Path(__file__).parents[4] / "contracts/events/envelope.v1.json").read_text())


def shown(view) -> list[str]:
    """The proposals as this assessment shows them (shuffled per assessment)."""
    return view["challenge"]["proposals"]


def start(client, auth, code="1.3"):
    answer = client.post("/api/assessments", json={"competenceCode": code}, headers=auth)
    assert answer.status_code in (200, 201), answer.get_json()
    return answer.get_json()


def test_a_whole_test_to_the_end(client, auth):
    bank = load_bank()
    view = start(client, auth)
    assert view["state"] == "started" and view["challenge"]["id"]
    assert "solution" not in repr(view)
    statuses, turn = [], 0
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id}
        if turn == 1:
            body["skipped"] = True
        else:
            body["answer"] = wrong_answer(challenge, shown(view)) if turn == 2 else right_answer(challenge, shown(view))
        answered = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth)
        assert answered.status_code == 201, answered.get_json()
        statuses.append(answered.get_json()["status"])
        view = answered.get_json()["assessment"]
        turn += 1
        assert turn < 60
    assert statuses[1] == "aband" and statuses[2] == "ko" and statuses[0] == "ok"
    assert view["result"]["level"] >= 0 and view["challenge"] is None
    print(len(statuses), view["result"])


def play_to_the_end(client, auth, view, bank, answer=right_answer):
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id, "answer": answer(challenge, shown(view))}
        answered = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth)
        assert answered.status_code == 201, answered.get_json()
        view = answered.get_json()["assessment"]
    return view


def events_of(service, code="1.3"):
    from .conftest import USER
    return service.store.read_stream(f"competence-{USER}-{code.replace('.', '_')}")


@pytest.fixture
def bank():
    return load_bank()


def test_resume_gives_the_same_challenge_and_starting_again_resumes(client, auth):
    view = start(client, auth)
    again = client.post("/api/assessments", json={"competenceCode": "1.3"}, headers=auth)
    assert again.status_code == 200 and again.get_json()["id"] == view["id"]
    read = client.get(f"/api/assessments/{view['id']}", headers=auth).get_json()
    assert read["challenge"]["id"] == view["challenge"]["id"] == again.get_json()["challenge"]["id"]


@pytest.mark.parametrize(("case", "status", "code"), [
    ("unknown challenge", 404, "CHALLENGE_NOT_FOUND"),
    ("not the current one", 409, "NOT_CURRENT_CHALLENGE"),
    ("malformed answer", 422, "MALFORMED_ANSWER"),
    ("answer and skip", 422, "VALIDATION_ERROR"),
    ("neither", 422, "VALIDATION_ERROR"),
    ("bad id", 422, "VALIDATION_ERROR"),
])
def test_bad_answers_are_4xx_and_record_nothing(client, auth, service, bank, case, status, code):
    view = start(client, auth)
    current = view["challenge"]["id"]
    other = next(c.id for c in bank.challenges_of("1.3") if c.id != current)
    body = {
        "unknown challenge": {"challengeId": "nope-nope", "answer": "x"},
        "not the current one": {"challengeId": other, "answer": right_answer(bank.challenge_by_id[other])},
        "malformed answer": {"challengeId": current, "answer": {"nested": ["deep"]} if
                             bank.challenge_by_id[current].type in ("QCU", "QCM", "QROC") else "text"},
        "answer and skip": {"challengeId": current, "answer": "x", "skipped": True},
        "neither": {"challengeId": current},
        "bad id": {"challengeId": "DROP TABLE", "answer": "x"},
    }[case]
    before = len(events_of(service))
    answer = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth)
    assert answer.status_code == status and answer.get_json()["code"] == code, answer.get_json()
    assert answer.get_json()["message"]
    assert len(events_of(service)) == before


def test_another_persons_assessment_and_no_token(client, auth, mint):
    from .conftest import OTHER
    view = start(client, auth)
    other = mint.headers(OTHER)
    assert client.get(f"/api/assessments/{view['id']}", headers=other).status_code == 403
    refused = client.post(f"/api/assessments/{view['id']}/answers",
                          json={"challengeId": view["challenge"]["id"], "skipped": True}, headers=other)
    assert refused.status_code == 403
    assert client.get(f"/api/assessments/{view['id']}").status_code == 401
    assert client.get("/api/assessments/00000000-0000-4000-8000-999999999999", headers=auth).status_code == 404


def test_answer_after_the_end_is_refused(client, auth, service, bank):
    view = play_to_the_end(client, auth, start(client, auth), bank)
    last = events_of(service)[-1]
    assert last.type == "AssessmentCompleted"
    late = client.post(f"/api/assessments/{view['id']}/answers",
                       json={"challengeId": bank.challenges_of("1.3")[0].id, "skipped": True}, headers=auth)
    assert late.status_code == 409 and late.get_json()["code"] == "ASSESSMENT_COMPLETED"


def test_every_fifth_answer_brings_a_checkpoint(client, auth, bank):
    view = start(client, auth, "4.1")
    for turn in range(1, 6):
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id, "answer": right_answer(challenge, shown(view))} \
            if turn != 3 else \
            {"challengeId": challenge.id, "skipped": True}
        view = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth).get_json()["assessment"]
        # The run is the same every time (the fixtures fix ids and the clock; shuffles and
        # choices are seeded by the assessment id): on 4.1 it asks more than five questions,
        # so one that ends sooner is a change of behaviour to look at, not bad luck.
        assert view["state"] == "started", f"the test on 4.1 ended after {turn} answers"
        assert (view["checkpoint"] is None) == (turn < 5)
    assert [c["status"] for c in view["checkpoint"]][2] == "aband"
    assert [c["correct"] for c in view["checkpoint"]].count(False) == 1


def test_events_follow_their_contracts_and_carry_no_answer_text(client, auth, service, bank):
    from pix_contracts import registry
    play_to_the_end(client, auth, start(client, auth), bank)
    events = events_of(service)
    assert [e.type for e in events][0] == "AssessmentStarted"
    assert [e.type for e in events][-2:] == ["CompetenceEvaluated", "AssessmentCompleted"]
    for event in events:
        registry.validate_data(event.type, event.schema_version, event.data)
        Envelope.from_wire(event.to_wire())  # the envelope contract too (stream id pattern)
        jsonschema.validate(event.to_dict(), ENVELOPE)
        assert event.key == event.data["user_id"]
    evaluated = events[-2].data
    assert evaluated["reason"] == "assessment" and evaluated["max_level"] == 5
    assert evaluated["level"] == min(evaluated["pix"] // 8, 5)


def _reach_a_timed_challenge(client, mint, bank):
    """Plays competences holding timed challenges, with a few answer patterns, until one is
    asked; returns (auth, view, challenge)."""
    for index, code in enumerate(sorted({c.competence_code for c in bank.challenges if c.is_timed})):
        for pattern in (right_answer, wrong_answer):
            auth = mint.headers(f"00000000-0000-4000-9000-{index:06d}{pattern is right_answer:06d}")
            view = start(client, auth, code)
            while view["state"] == "started":
                challenge = bank.challenge_by_id[view["challenge"]["id"]]
                if challenge.is_timed:
                    return auth, view, challenge
                view = client.post(f"/api/assessments/{view['id']}/answers",
                                   json={"challengeId": challenge.id, "answer": pattern(challenge, shown(view))},
                                   headers=auth).get_json()["assessment"]
    raise AssertionError("no timed challenge is ever asked")


def test_a_right_answer_after_the_timer_is_timedout_and_in_time_is_ok(client, mint, clock, bank):
    auth, view, challenge = _reach_a_timed_challenge(client, mint, bank)
    assert view["challenge"]["timer"] == challenge.timer
    clock.advance(seconds=challenge.timer + 5)
    auth = mint.headers(mint.verifier().verify(auth["Authorization"][7:]).user_id)
    late = client.post(f"/api/assessments/{view['id']}/answers",
                       json={"challengeId": challenge.id,
                                 "answer": right_answer(challenge, shown(view))}, headers=auth)
    assert late.get_json()["status"] == "timedout"


def test_a_timed_challenge_answered_in_time_is_ok(client, mint, clock, bank):
    auth, view, challenge = _reach_a_timed_challenge(client, mint, bank)
    clock.advance(seconds=challenge.timer - 1)
    in_time = client.post(f"/api/assessments/{view['id']}/answers",
                          json={"challengeId": challenge.id,
                                 "answer": right_answer(challenge, shown(view))}, headers=auth)
    assert in_time.get_json()["status"] == "ok"


def test_the_competence_list_starts_no_timer_only_the_challenge_shown_does(client, mint, service, bank):
    auth, view, challenge = _reach_a_timed_challenge(client, mint, bank)
    timers = service.db["challenge_timers"]
    key = {"_id": f"{view['id']}:{challenge.id}"}
    assert timers.find_one(key) is not None  # served with the answer that led to it
    timers.delete_one(key)
    assert client.get("/api/assessments/competences", headers=auth).status_code == 200
    assert timers.find_one(key) is None  # the list shows no challenge
    assert client.get(f"/api/assessments/{view['id']}", headers=auth).get_json()["challenge"]["id"] == challenge.id
    assert timers.find_one(key) is not None


def test_improve_keeps_validated_skills_and_is_refused_at_the_maximum_level(client, auth, clock, bank, mint):
    assert client.post("/api/assessments/competences/1.3/improvement", headers=auth).get_json()["code"] == \
        "NOT_EVALUATED_YET"
    play_to_the_end(client, auth, start(client, auth), bank, answer=wrong_answer)
    again = client.post("/api/assessments", json={"competenceCode": "1.3"}, headers=auth)
    assert again.status_code == 409 and again.get_json()["code"] == "ALREADY_EVALUATED"
    clock.advance(days=5)
    auth = mint.headers(USER)  # a fresh access token, days later
    improved = client.post("/api/assessments/competences/1.3/improvement", headers=auth)
    assert improved.status_code == 201 and improved.get_json()["kind"] == "improve"
    view = play_to_the_end(client, auth, improved.get_json(), bank)
    assert view["result"]["level"] >= 1
    competences = client.get("/api/assessments/competences", headers=auth).get_json()
    entry = next(c for c in competences["competences"] if c["code"] == "1.3")
    assert entry["level"] == view["result"]["level"] and competences["totalPix"] == entry["pix"]


def test_improve_at_the_maximum_level_says_so(service, clock, mint, bank):
    from pix_assessment.bootstrap import bootstrap
    from pix_assessment.entrypoints.http import create_app
    from pixkit.testing import FakeDatabase, unit_settings

    from .conftest import USER
    low = bootstrap(unit_settings("assessment"), FakeDatabase(), clock=clock, env={"PIX_MAX_LEVEL": "1"})
    client = create_app(unit_settings("assessment"), low, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers(USER)
    view = play_to_the_end(client, auth, start(client, auth), bank)
    assert view["result"] == {"level": 1, "pix": 8, "progress": 0, "maxLevel": 1}
    refused = client.post("/api/assessments/competences/1.3/improvement", headers=auth)
    assert refused.status_code == 409
    assert refused.get_json()["message"] == "Le niveau maximum est déjà atteint pour cette compétence."


def test_reset_waits_7_days_after_the_last_answer(client, auth, clock, service, bank, mint):
    play_to_the_end(client, auth, start(client, auth), bank)
    early = client.post("/api/assessments/competences/1.3/reset", headers=auth)
    assert early.status_code == 409 and early.get_json()["message"] == \
        "Vous pourrez remettre à zéro cette compétence dans 7 jours."
    clock.advance(days=7)
    auth = mint.headers(USER)
    done = client.post("/api/assessments/competences/1.3/reset", headers=auth)
    assert done.status_code == 200 and done.get_json()["level"] == 0 and done.get_json()["pix"] == 0
    assert events_of(service)[-1].data["reason"] == "reset"
    assert start(client, auth)["kind"] == "positioning"  # a fresh positioning may begin


def _reach_an_attachment(client, auth, bank):
    for code in sorted({c.competence_code for c in bank.challenges if c.attachment}):
        view = start(client, auth, code)
        while view["state"] == "started":
            if view["challenge"]["attachments"]:
                return view
            challenge = bank.challenge_by_id[view["challenge"]["id"]]
            view = client.post(f"/api/assessments/{view['id']}/answers",
                               json={"challengeId": challenge.id,
                                     "answer": right_answer(challenge, shown(view))},
                               headers=auth).get_json()["assessment"]
    raise AssertionError("no challenge with a file is ever asked")


def test_attachments_come_in_both_formats_for_my_current_challenge_only(client, auth, bank, mint):
    from .conftest import OTHER
    view = _reach_an_attachment(client, auth, bank)
    challenge = bank.challenge_by_id[view["challenge"]["id"]]
    for item in view["challenge"]["attachments"]:
        answer = client.get(item["url"], headers=auth)
        assert answer.status_code == 200 and answer.data[:2] == b"PK"
        assert f'filename="{item["name"]}"' in answer.headers["Content-Disposition"]
    url = view["challenge"]["attachments"][0]["url"]
    assert client.get(url, headers=mint.headers(OTHER)).status_code == 403  # someone else's test
    assert client.get(url).status_code == 401
    wrong_format = url.rsplit("/", 1)[0] + ("/docx" if url.endswith(("xlsx", "ods")) else "/xlsx")
    assert client.get(wrong_format, headers=auth).status_code == 404
    other = next(c for c in bank.challenges if c.attachment and c.id != challenge.id)
    not_asked = url.replace(f"/challenges/{challenge.id}/", f"/challenges/{other.id}/")
    assert client.get(not_asked, headers=auth).status_code == 404  # not a question of this test


def test_the_framework_lists_16_competences_in_english_too(client, auth):
    body = client.get("/api/framework", headers={"Accept-Language": "en"}).get_json()
    assert [a["code"] for a in body["areas"]] == ["1", "2", "3", "4", "5"]
    assert sum(len(a["competences"]) for a in body["areas"]) == 16
    assert body["areas"][0]["title"] == "Information and data"


def test_a_skip_is_recorded_as_a_failure_of_its_skill(client, auth, service):
    view = start(client, auth)
    skipped = client.post(f"/api/assessments/{view['id']}/answers",
                          json={"challengeId": view["challenge"]["id"], "skipped": True}, headers=auth)
    assert skipped.get_json()["status"] == "aband"
    recorded = events_of(service)[-1]
    assert recorded.type == "AnswerRecorded" and recorded.data["status"] == "aband"
    direct = recorded.data["knowledge_elements"][0]
    assert direct == {"skill": recorded.data["skill"], "status": "invalidated", "source": "direct"}
    assert all(ke["status"] == "invalidated" for ke in recorded.data["knowledge_elements"])
