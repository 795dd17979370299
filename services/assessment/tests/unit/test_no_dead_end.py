"""No test is ever open with nothing to ask (docs/domain.md §4–5): "Retenter" with nothing to
ask is refused with the day it becomes possible, and a run found open with nothing left
(stored by an older version, or after a bank change) ends when it is looked at."""
from dataclasses import replace
from datetime import timedelta

import pytest
from pix_assessment.adapters.stores import IndexEntry
from pix_assessment.bootstrap import bootstrap
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.evaluation import iso
from pix_assessment.domain.events import AssessmentStarted
from pix_assessment.entrypoints.http import create_app
from pixkit.events import Meta
from pixkit.testing import Clock, FakeDatabase, unit_settings

from .answering import right_answer, wrong_answer
from .conftest import USER
from .test_engine_api import events_of, play_to_the_end, start

IMPROVE = "/api/assessments/competences/{}/improvement"


@pytest.fixture
def bank():
    return load_bank()


def listed(client, auth, code="1.3", lang="fr"):
    body = client.get("/api/assessments/competences", headers={**auth, "Accept-Language": lang}).get_json()
    return next(c for c in body["competences"] if c["code"] == code)


def test_retenter_right_after_a_test_is_refused_with_the_day_it_becomes_possible(
        client, auth, clock, bank, mint, service):
    play_to_the_end(client, auth, start(client, auth), bank, answer=wrong_answer)
    before = len(events_of(service))
    refused = client.post(IMPROVE.format("1.3"), headers=auth)
    available = iso(Clock.START + timedelta(days=4))  # every answer was given at the fixture's start
    assert refused.status_code == 409, refused.get_json()
    body = refused.get_json()
    assert body["code"] == "IMPROVE_TOO_EARLY" and body["details"]["availableAt"] == available
    assert body["message"] == ("Vous pourrez retenter cette compétence dans 4 jours : une question manquée "
                               "n'est reposée que 4 jours après.")
    assert len(events_of(service)) == before  # nothing opened

    entry = listed(client, auth)
    assert entry["assessmentId"] is None and entry["canImprove"] is False
    assert entry["improveAvailableAt"] == available
    assert entry["improveRefusal"] == {"code": "IMPROVE_TOO_EARLY", "message": body["message"],
                                       "availableAt": available}
    english = listed(client, auth, lang="en")["improveRefusal"]["message"]
    assert english == "You can retry this competence in 4 days: a missed question is asked again only 4 days later."

    clock.advance(days=3, hours=1)
    auth = mint.headers(USER)
    assert listed(client, auth)["improveRefusal"]["message"].startswith(
        "Vous pourrez retenter cette compétence dans 1 jour :")
    clock.advance(hours=23)
    auth = mint.headers(USER)
    entry = listed(client, auth)
    assert entry["canImprove"] is True and entry["improveRefusal"] is None and entry["improveAvailableAt"] is None
    improved = client.post(IMPROVE.format("1.3"), headers=auth)
    assert improved.status_code == 201 and improved.get_json()["challenge"]["id"]
    assert improved.get_json()["state"] == "started"


def test_the_listing_says_why_before_a_first_test_and_at_the_maximum_level(clock, mint, bank):
    low = bootstrap(unit_settings("assessment"), FakeDatabase(), clock=clock, env={"PIX_MAX_LEVEL": "1"})
    client = create_app(unit_settings("assessment"), low, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers(USER)
    assert listed(client, auth)["improveRefusal"] == {
        "code": "NOT_EVALUATED_YET", "message": "Terminez d'abord un premier test sur cette compétence.",
        "availableAt": None}
    view = start(client, auth)
    assert listed(client, auth)["improveRefusal"] is None  # a test in progress: the POST resumes it
    play_to_the_end(client, auth, view, bank)
    entry = listed(client, auth)
    assert entry["improveRefusal"]["code"] == "MAX_LEVEL_REACHED" and entry["improveAvailableAt"] is None


def test_everything_validated_below_the_maximum_is_nothing_to_improve_and_waiting_does_not_change_it(
        clock, mint, bank):
    high = bootstrap(unit_settings("assessment"), FakeDatabase(), clock=clock, env={"PIX_MAX_LEVEL": "8"})
    client = create_app(unit_settings("assessment"), high, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers(USER)
    view = play_to_the_end(client, auth, start(client, auth), bank, answer=right_answer)
    assert view["result"]["level"] < 8
    clock.advance(days=30)
    auth = mint.headers(USER)
    refused = client.post(IMPROVE.format("1.3"), headers=auth)
    assert refused.status_code == 409 and refused.get_json()["code"] == "NOTHING_TO_IMPROVE"
    entry = listed(client, auth)
    assert entry["canImprove"] is False and entry["improveAvailableAt"] is None
    assert entry["improveRefusal"]["code"] == "NOTHING_TO_IMPROVE"


def _stuck_improvement(service, bank, client, auth):
    """What an older version stored: "Retenter" opened right after a test, nothing to ask."""
    play_to_the_end(client, auth, start(client, auth), bank, answer=wrong_answer)
    engine = service.engine
    version, evaluation = engine.evaluations.load(USER, "1.3")
    stuck_id = "00000000-0000-4000-8000-00000000dead"
    engine.index.add(IndexEntry(stuck_id, USER, "1.3"))
    engine.evaluations.append(evaluation, version, [AssessmentStarted(
        stuck_id, USER, "1.3", "improve", iso(engine.clock()), bank.version, ())], Meta())
    return stuck_id, evaluation.level


def test_a_stored_improvement_with_nothing_to_ask_ends_when_it_is_read(client, auth, service, bank):
    stuck_id, level = _stuck_improvement(service, bank, client, auth)
    view = client.get(f"/api/assessments/{stuck_id}", headers=auth)
    assert view.status_code == 200, view.get_json()
    assert view.get_json()["state"] == "completed" and view.get_json()["challenge"] is None
    assert view.get_json()["result"]["level"] == level
    assert [e.type for e in events_of(service)][-2:] == ["CompetenceEvaluated", "AssessmentCompleted"]
    assert listed(client, auth)["assessmentId"] is None
    ended = len(events_of(service))
    again = client.get(f"/api/assessments/{stuck_id}", headers=auth).get_json()
    assert again["state"] == "completed" and len(events_of(service)) == ended  # ended once


@pytest.mark.parametrize("way", ["listing", "resume", "answer"])
def test_every_other_way_to_a_stuck_run_ends_it_too(client, auth, service, bank, way):
    stuck_id, _ = _stuck_improvement(service, bank, client, auth)
    if way == "listing":
        assert listed(client, auth)["assessmentId"] is None
    elif way == "resume":
        resumed = client.post(IMPROVE.format("1.3"), headers=auth)
        assert resumed.status_code == 200 and resumed.get_json()["state"] == "completed"
    else:
        late = client.post(f"/api/assessments/{stuck_id}/answers",
                           json={"challengeId": bank.challenges_of("1.3")[0].id, "skipped": True}, headers=auth)
        assert late.status_code == 409 and late.get_json()["code"] == "ASSESSMENT_COMPLETED"
    types = [e.type for e in events_of(service)]
    assert types[-2:] == ["CompetenceEvaluated", "AssessmentCompleted"] and types.count("AssessmentStarted") == 2
    assert client.get(f"/api/assessments/{stuck_id}", headers=auth).get_json()["state"] == "completed"


def test_a_run_whose_challenges_left_the_bank_ends_with_its_result(clock, mint, bank):
    db = FakeDatabase()
    ids = iter(f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 100))
    before = bootstrap(unit_settings("assessment"), db, clock=clock, new_id=lambda: next(ids), env={})
    client = create_app(unit_settings("assessment"), before, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers(USER)
    view = start(client, auth)
    challenge = bank.challenge_by_id[view["challenge"]["id"]]
    client.post(f"/api/assessments/{view['id']}/answers",
                json={"challengeId": challenge.id, "answer": right_answer(challenge, view["challenge"]["proposals"])},
                headers=auth)
    # The next version of the bank archives every challenge of 1.3.
    changed = replace(bank, challenges=tuple(replace(c, status="archived") if c.competence_code == "1.3" else c
                                             for c in bank.challenges))
    after = bootstrap(unit_settings("assessment"), db, bank=changed, clock=clock, env={})
    client = create_app(unit_settings("assessment"), after, ready_checks={}, verifier=mint.verifier()).test_client()
    read = client.get(f"/api/assessments/{view['id']}", headers=auth).get_json()
    assert read["state"] == "completed" and read["result"]["pix"] >= 0 and read["progress"]["answered"] == 1


def test_a_positioning_with_nothing_to_ask_never_opens(clock, mint, bank):
    empty = replace(bank, challenges=tuple(c for c in bank.challenges if c.competence_code != "1.3"))
    service = bootstrap(unit_settings("assessment"), FakeDatabase(), bank=empty, clock=clock, env={})
    client = create_app(unit_settings("assessment"), service, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers(USER)
    refused = client.post("/api/assessments", json={"competenceCode": "1.3"}, headers=auth)
    assert refused.status_code == 409 and refused.get_json()["code"] == "NOTHING_TO_ASK"
    assert service.store.read_stream(f"competence-{USER}-1_3") == []
    assert listed(client, auth)["assessmentId"] is None
