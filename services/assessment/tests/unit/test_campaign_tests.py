"""Campaign tests on the real bootstrap and bank, over fakes: started by sharing's
CampaignParticipationStarted through the real reactor, answered through the API, ended with
CampaignAssessmentCompleted; the positioning profile is never touched."""
import uuid

import pytest
from pix_assessment.domain.content import load_bank
from pix_contracts import registry
from pixkit.consumer import Dispatcher
from pixkit.events import Envelope
from pixkit.testing import Clock

from .answering import right_answer, wrong_answer
from .conftest import OTHER, USER
from .test_engine_api import shown

CAMPAIGN = "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f"
ORGANIZATION = "7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b"
TARGET_COMPETENCES, TARGET_TUBES = ["1.1"], ["@logique"]


@pytest.fixture
def bank():
    return load_bank()


def participation_ids():
    """Fixed ids: the seeded picks, hence each test's path, are the same on every run."""
    return iter(f"00000000-0000-4000-9000-{n:012d}" for n in range(1, 100))


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def participation_started(participation_id: str, *, user_id=USER, kind="ASSESSMENT", attempt=1, previous=None,
                          started_at=Clock.START, competences=TARGET_COMPETENCES, tubes=TARGET_TUBES) -> bytes:
    data = {"participation_id": participation_id, "campaign_id": CAMPAIGN, "organization_id": ORGANIZATION,
            "user_id": user_id, "kind": kind, "target_competences": competences, "target_tubes": tubes,
            "attempt": attempt, "previous_participation_id": previous, "started_at": iso(started_at)}
    registry.validate_data("CampaignParticipationStarted", 1, data)
    return Envelope(id=str(uuid.uuid4()), type="CampaignParticipationStarted", schema_version=1, source="sharing",
                    stream=f"participation-{CAMPAIGN}-{user_id}", position=attempt, occurred_at=iso(started_at),
                    key=user_id, data=data, meta={"correlation_id": None, "causation_id": None,
                                                  "actor": user_id}).to_wire()


def deliver(service, message: bytes) -> str:
    (reactor,) = [r for r in service.reactors if r.name == "campaign-tests"]
    outcome, error, _ = Dispatcher(reactor, "unit", sleep=lambda _: None).handle(message)
    assert error is None, error
    return outcome


def target_skills(bank, competences=TARGET_COMPETENCES, tubes=TARGET_TUBES, max_level=5) -> set[str]:
    tube_names = {t[1:] for t in tubes}
    return {s.name for s in bank.skills if s.level <= max_level
            and (s.competence_code in competences or s.tube in tube_names)}


def stream(service, participation_id):
    return service.store.read_stream(f"campaign-{participation_id}")


def view_of(client, auth, participation_id):
    read = client.get(f"/api/assessments/{participation_id}", headers=auth)
    assert read.status_code == 200, read.get_json()
    return read.get_json()


def play(client, auth, bank, view, answer_for=lambda turn, challenge, view: right_answer(challenge, shown(view))):
    """Answers until the end; returns the last view and the challenges asked."""
    asked = []
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        asked.append(challenge)
        body = {"challengeId": challenge.id, "answer": answer_for(len(asked), challenge, view)}
        answered = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth)
        assert answered.status_code == 201, answered.get_json()
        view = answered.get_json()["assessment"]
        assert len(asked) <= 200
    return view, asked


def test_an_assessment_participation_starts_its_test_once(service, client, auth, mint):
    participation = next(participation_ids())
    assert deliver(service, participation_started(participation)) == "handled"
    view = view_of(client, auth, participation)
    assert view["id"] == participation and view["kind"] == "campaign" and view["state"] == "started"
    assert view["competenceCode"] is None and view["result"] is None and view["review"] is None
    assert view["challenge"]["id"] and "solution" not in repr(view["challenge"])
    index = service.db["assessment_index"].find_one({"_id": participation})
    assert index["user_id"] == USER and index["campaign"]["campaign_id"] == CAMPAIGN
    # A redelivery (the same participation, even in another envelope) does nothing.
    assert deliver(service, participation_started(participation)) == "handled"
    assert service.db["assessment_index"].find_one({"_id": participation}) == index
    assert stream(service, participation) == []
    assert view_of(client, auth, participation)["challenge"] == view["challenge"]
    # Someone else's campaign test does not exist, for them.
    for answer in (client.get(f"/api/assessments/{participation}", headers=mint.headers(OTHER)),
                   client.post(f"/api/assessments/{participation}/answers", headers=mint.headers(OTHER),
                               json={"challengeId": view["challenge"]["id"], "skipped": True})):
        assert answer.status_code == 404 and answer.get_json()["code"] == "ASSESSMENT_NOT_FOUND"
    assert stream(service, participation) == []


def test_a_profile_collection_has_no_test(service, client, auth):
    participation = next(participation_ids())
    assert deliver(service, participation_started(participation, kind="PROFILES_COLLECTION")) == "handled"
    assert client.get(f"/api/assessments/{participation}", headers=auth).status_code == 404
    assert service.db["assessment_index"].find_one({"_id": participation}) is None


def test_the_test_asks_only_target_skills_and_ends_with_the_mastery_of_the_target(service, client, auth, bank):
    participation = next(participation_ids())
    deliver(service, participation_started(participation))
    targets = target_skills(bank)

    def half_right(turn, challenge, view):
        return right_answer(challenge, shown(view)) if turn % 3 else wrong_answer(challenge, shown(view))

    view, asked = play(client, auth, bank, view_of(client, auth, participation), half_right)
    assert asked and all(c.skill in targets for c in asked)
    assert {c.competence_code for c in asked} <= {"1.1", "3.4"}
    assert len({c.id for c in asked}) == len(asked) <= len(targets)  # never twice; no cap needed
    events = stream(service, participation)
    assert [e.type for e in events] == ["AnswerRecorded"] * len(asked) + ["CampaignAssessmentCompleted"]
    for event, challenge in zip(events, asked, strict=False):
        assert event.data["kind"] == "campaign" and event.data["assessment_id"] == participation
        assert event.data["competence_code"] == challenge.competence_code and event.key == USER
        assert all(ke["skill"] in targets for ke in event.data["knowledge_elements"])
    done = events[-1].data
    registry.validate_data("CampaignAssessmentCompleted", 1, done)
    assert done["participation_id"] == done["assessment_id"] == participation and done["campaign_id"] == CAMPAIGN
    assert set(done["target_skills"]) == targets
    knowledge = {}
    for event in events[:-1]:
        knowledge.update({ke["skill"]: ke["status"] for ke in event.data["knowledge_elements"]})
    validated = sorted(s for s, status in knowledge.items() if status == "validated")
    assert done["validated_skills"] == validated and validated
    assert done["invalidated_skills"] == sorted(s for s, status in knowledge.items() if status == "invalidated")
    assert done["invalidated_skills"]
    assert done["mastery_rate"] == len(validated) * 100 // len(targets)
    by_code = {c["code"]: c for c in done["competences"]}
    assert list(by_code) == ["1.1", "3.4"]
    for code, figures in by_code.items():
        skills = {s for s in targets if bank.skill_by_name[s].competence_code == code}
        held = len(skills & set(validated))
        assert figures == {"code": code, "validated": held, "total": len(skills),
                           "mastery_rate": held * 100 // len(skills)}
    assert view["state"] == "completed" and view["challenge"] is None and view["kind"] == "campaign"
    assert view["result"] == {
        "masteryRate": done["mastery_rate"], "validatedSkills": len(validated), "targetSkills": len(targets),
        "competences": [{"code": c["code"], "validated": c["validated"], "total": c["total"],
                         "masteryRate": c["mastery_rate"]} for c in done["competences"]]}
    assert [item["challengeId"] for item in view["review"]] == [c.id for c in asked]
    late = client.post(f"/api/assessments/{participation}/answers", headers=auth,
                       json={"challengeId": asked[0].id, "skipped": True})
    assert late.status_code == 409 and late.get_json()["code"] == "ASSESSMENT_COMPLETED"
    assert len(stream(service, participation)) == len(events)


def test_the_target_stops_at_the_maximum_level(service, client, auth, bank):
    participation = next(participation_ids())
    deliver(service, participation_started(participation, competences=["1.3"], tubes=[]))
    view, asked = play(client, auth, bank, view_of(client, auth, participation))
    done = stream(service, participation)[-1].data
    assert set(done["target_skills"]) == target_skills(bank, ["1.3"], [])
    assert all(bank.skill_by_name[s].level <= 5 for s in done["target_skills"])
    assert all(c.level <= 5 for c in asked)
    assert 0 <= view["result"]["masteryRate"] <= 100


def test_answers_are_checked_as_in_a_positioning(service, client, auth, bank, monkeypatch):
    participation = next(participation_ids())
    deliver(service, participation_started(participation))
    view = view_of(client, auth, participation)
    current = bank.challenge_by_id[view["challenge"]["id"]]
    other = next(c for c in bank.challenges if c.skill in target_skills(bank) and c.id != current.id)
    url = f"/api/assessments/{participation}/answers"
    wrong_one = client.post(url, json={"challengeId": other.id, "answer": right_answer(other)}, headers=auth)
    assert wrong_one.status_code == 409 and wrong_one.get_json()["code"] == "NOT_CURRENT_CHALLENGE"
    unknown = client.post(url, json={"challengeId": "nope-nope", "answer": "x"}, headers=auth)
    assert unknown.status_code == 404 and unknown.get_json()["code"] == "CHALLENGE_NOT_FOUND"
    assert stream(service, participation) == []
    # Two racing submits: the second one loaded the test before the first one's answer.
    stale = service.engine.campaigns.load(service.engine.index.get(participation))
    body = {"challengeId": current.id, "answer": right_answer(current, shown(view))}
    assert client.post(url, json=body, headers=auth).status_code == 201
    monkeypatch.setattr(service.engine.campaigns, "load", lambda entry: stale)
    raced = client.post(url, json=body, headers=auth)
    assert raced.status_code == 409 and raced.get_json()["code"] == "CONCURRENT_UPDATE"
    assert [e.type for e in stream(service, participation)] == ["AnswerRecorded"]


def _a_timed_challenge_served(service, client, auth, bank):
    """A campaign test on a tube with timed challenges, answered right until one is served.
    Which one comes depends on the participation id (the seeded pick): fixed ids, tried in
    turn, keep the test deterministic."""
    for n in range(1, 30):
        participation = f"00000000-0000-4000-a000-{n:012d}"
        deliver(service, participation_started(participation, competences=[], tubes=["@raccourcis"]))
        view = view_of(client, auth, participation)
        while view["state"] == "started":
            challenge = bank.challenge_by_id[view["challenge"]["id"]]
            if challenge.is_timed:
                return participation, view, challenge
            view = client.post(f"/api/assessments/{participation}/answers", headers=auth, json={
                "challengeId": challenge.id, "answer": right_answer(challenge, shown(view))}).get_json()["assessment"]
    raise AssertionError("no campaign test on @raccourcis served a timed challenge")


def test_a_right_answer_after_the_timer_is_timedout(service, client, auth, bank, clock):
    participation, view, challenge = _a_timed_challenge_served(service, client, auth, bank)
    assert view["challenge"]["timer"] == challenge.timer
    clock.advance(seconds=challenge.timer + 3)
    late = client.post(f"/api/assessments/{participation}/answers", headers=auth,
                       json={"challengeId": challenge.id, "answer": right_answer(challenge, shown(view))})
    assert late.status_code == 201 and late.get_json()["status"] == "timedout"
    assert stream(service, participation)[-1 if late.get_json()["assessment"]["state"] == "started" else -2] \
        .data["status"] == "timedout"


def _attempt(service, client, auth, bank, participation, answer_for, **started):
    deliver(service, participation_started(participation, **started))
    return play(client, auth, bank, view_of(client, auth, participation), answer_for)


def test_a_retry_keeps_the_validated_skills_and_forgets_failures_older_than_4_days(service, client, auth, bank,
                                                                                  clock, mint):
    first, second = (f"00000000-0000-4000-9000-{n:012d}" for n in (1, 2))

    def one_in_two(turn, challenge, view):
        return right_answer(challenge, shown(view)) if turn % 2 else wrong_answer(challenge, shown(view))

    _, asked_first = _attempt(service, client, auth, bank, first, one_in_two)
    before = stream(service, first)[-1].data
    assert before["validated_skills"] and before["invalidated_skills"]
    clock.advance(days=5)
    auth = mint.headers(USER)
    deliver(service, participation_started(second, attempt=2, previous=first, started_at=clock()))
    _, retried = service.engine.campaigns.load(service.engine.index.get(second))
    kept = {s: ke.status for s, ke in retried.knowledge.items()}
    assert kept == {s: "validated" for s in before["validated_skills"]}  # every failure was 5 days old
    assert set(retried.seen_before) >= {c.id for c in asked_first}
    view, asked = play(client, auth, bank, view_of(client, auth, second))
    assert {c.skill for c in asked}.isdisjoint(before["validated_skills"])  # kept skills are not asked again
    assert {c.skill for c in asked} & set(before["invalidated_skills"])  # forgotten failures are
    after = stream(service, second)[-1].data
    assert set(before["validated_skills"]) <= set(after["validated_skills"])
    assert view["result"]["masteryRate"] >= before["mastery_rate"]


def test_a_retry_within_4_days_keeps_the_recent_failures(service, client, auth, bank, clock):
    first, second = (f"00000000-0000-4000-9000-{n:012d}" for n in (1, 2))
    _attempt(service, client, auth, bank, first, lambda turn, c, v: wrong_answer(c, shown(v)) if turn == 1
             else right_answer(c, shown(v)))
    before = stream(service, first)[-1].data
    assert before["invalidated_skills"]
    clock.advance(days=2)
    deliver(service, participation_started(second, attempt=2, previous=first, started_at=clock()))
    _, retried = service.engine.campaigns.load(service.engine.index.get(second))
    assert {s for s, ke in retried.knowledge.items() if ke.status == "invalidated"} == \
        set(before["invalidated_skills"])
    assert {s for s, ke in retried.knowledge.items() if ke.status == "validated"} == set(before["validated_skills"])


def test_a_retry_with_nothing_left_to_ask_ends_at_once(service, client, auth, bank, clock, mint):
    first, second = (f"00000000-0000-4000-9000-{n:012d}" for n in (1, 2))
    small = {"competences": [], "tubes": ["@logique"]}
    _attempt(service, client, auth, bank, first, lambda turn, c, v: right_answer(c, shown(v)), **small)
    before = stream(service, first)[-1].data
    assert before["mastery_rate"] == 100  # a tube of easy skills, all answered right
    clock.advance(days=5)
    deliver(service, participation_started(second, attempt=2, previous=first, started_at=clock(), **small))
    assert [e.type for e in stream(service, second)] == ["CampaignAssessmentCompleted"]
    view = view_of(client, mint.headers(USER), second)
    assert view["state"] == "completed" and view["result"]["masteryRate"] == 100 and view["review"] == []


def test_a_campaign_never_changes_the_positioning_profile(service, client, auth, bank):
    positioning = client.post("/api/assessments", json={"competenceCode": "1.1"}, headers=auth).get_json()
    listing = client.get("/api/assessments/competences", headers=auth).get_json()
    participation = next(participation_ids())
    deliver(service, participation_started(participation))
    play(client, auth, bank, view_of(client, auth, participation))
    assert client.get("/api/assessments/competences", headers=auth).get_json() == listing
    assert client.get(f"/api/assessments/{positioning['id']}", headers=auth).get_json()["challenge"] == \
        positioning["challenge"]
    types = {e.type for e in service.store.read_stream(f"campaign-{participation}")}
    assert "CompetenceEvaluated" not in types and "AssessmentCompleted" not in types
    positioning_events = service.store.read_stream(f"competence-{USER}-1_1")
    assert [e.type for e in positioning_events] == ["AssessmentStarted"]


def test_a_challenge_file_comes_with_the_campaign_test_it_belongs_to(service, client, auth, bank, mint):
    for n in range(1, 30):
        participation = f"00000000-0000-4000-b000-{n:012d}"
        deliver(service, participation_started(participation, competences=[], tubes=["@csv"]))
        view = view_of(client, auth, participation)
        while view["state"] == "started" and not view["challenge"]["attachments"]:
            challenge = bank.challenge_by_id[view["challenge"]["id"]]
            view = client.post(f"/api/assessments/{participation}/answers", headers=auth, json={
                "challengeId": challenge.id, "answer": right_answer(challenge, shown(view))}).get_json()["assessment"]
        if view["state"] == "started":
            break
    else:
        raise AssertionError("no campaign test on @csv served a challenge with a file")
    link = view["challenge"]["attachments"][0]
    assert link["url"].startswith(f"/api/assessments/{participation}/challenges/{view['challenge']['id']}/")
    got = client.get(link["url"], headers=auth)
    assert got.status_code == 200 and got.data and "attachment" in got.headers["Content-Disposition"]
    assert client.get(link["url"], headers=mint.headers(OTHER)).get_json()["code"] == "ASSESSMENT_NOT_FOUND"
    elsewhere = next(c for c in bank.challenges if c.attachment and c.tube != "csv")
    outside = client.get(f"/api/assessments/{participation}/challenges/{elsewhere.id}/attachments/xlsx", headers=auth)
    assert outside.status_code == 404 and outside.get_json()["code"] == "CHALLENGE_NOT_FOUND"
