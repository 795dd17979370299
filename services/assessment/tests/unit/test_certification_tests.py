"""Certification tests on the real bootstrap and bank, over fakes: composed and opened by
certification's CertificationCourseStarted through the real reactor, answered through the same
API as the other tests (in the composed order, timers lengthened by the extra time, focusedOut),
ended with CertificationTestCompleted by the last answer or the invigilator's
CandidateTestEnded; nothing shows the candidate how it went, and the profile is never touched."""
import uuid
from dataclasses import replace

import pytest
from pix_assessment.bootstrap import bootstrap
from pix_assessment.domain.certification_composition import compose
from pix_assessment.domain.content import Bank, load_bank
from pix_assessment.domain.evaluation import iso
from pix_assessment.domain.events import AnswerRecorded, AssessmentCompleted, AssessmentStarted
from pix_assessment.entrypoints.http import create_app
from pix_contracts import registry
from pixkit.consumer import Dispatcher
from pixkit.events import Envelope, Meta
from pixkit.testing import Clock, FakeDatabase, unit_settings

from .answering import right_answer, wrong_answer
from .conftest import OTHER, USER
from .test_campaign_tests import play as play_positioning
from .test_engine_api import shown

SESSION = "c6e2a8f4-0b1d-4c3e-a5f7-9d8b6a4c2e10"
CANDIDATE = "b4c6d8e0-f2a3-4b5c-9d7e-9f1a2b3c4d5e"


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def course_ids():
    """Fixed ids: the seeded picks, hence each test's questions, are the same on every run."""
    return iter(f"00000000-0000-4000-c000-{n:012d}" for n in range(1, 100))


def envelope(type_name: str, data: dict, at=Clock.START) -> bytes:
    registry.validate_data(type_name, 1, data)
    return Envelope(id=str(uuid.uuid4()), type=type_name, schema_version=1, source="certification",
                    stream=f"session-{data['session_id']}", position=1, occurred_at=iso(at), key=data["session_id"],
                    data=data, meta={"correlation_id": None, "causation_id": None, "actor": None}).to_wire()


def course_started(course_id: str, levels: dict[str, int], *, user_id=USER, candidate_id=CANDIDATE,
                   session_id=SESSION, extra=0, seed="c2f9a41e7b03d58e", started_at=Clock.START) -> bytes:
    return envelope("CertificationCourseStarted", {
        "session_id": session_id, "candidate_id": candidate_id, "course_id": course_id, "user_id": user_id,
        "extra_time_percentage": extra, "seed": seed, "started_at": iso(started_at),
        "positioned_levels": [{"competence_code": c, "level": n} for c, n in sorted(levels.items())]}, started_at)


def end_message(candidate_id=CANDIDATE, session_id=SESSION) -> bytes:
    return envelope("CandidateTestEnded", {"session_id": session_id, "candidate_id": candidate_id})


def deliver(service, message: bytes) -> str:
    (reactor,) = [r for r in service.reactors if r.name == "certification-tests"]
    outcome, error, _ = Dispatcher(reactor, "unit", sleep=lambda _: None).handle(message)
    assert error is None, error
    return outcome


def stream(service, course_id):
    return service.store.read_stream(f"certification-{course_id}")


def view_of(client, auth, course_id):
    read = client.get(f"/api/assessments/{course_id}", headers=auth)
    assert read.status_code == 200, read.get_json()
    return read.get_json()


def knows(service, bank, code: str, up_to_level: int, user_id=USER) -> dict[str, str]:
    """The person's positioning on `code`, as its stream holds one: each skill up to the level
    validated by a right answer to its first challenge. Returns skill → the challenge answered."""
    evaluations = service.engine.evaluations
    version, evaluation = evaluations.load(user_id, code)
    run = f"00000000-0000-4000-d000-{len(code) * 1000 + int(code.replace('.', '')):012d}"
    at = iso(Clock.START)
    events: list = [AssessmentStarted(run, user_id, code, "positioning", at, bank.version)]
    answered = {}
    for skill in sorted(bank.skills_of(code), key=lambda s: s.name):
        challenges = [c for c in bank.challenges_of(code) if c.skill == skill.name]
        if skill.level <= up_to_level and challenges:
            answered[skill.name] = challenges[0].id
            events.append(AnswerRecorded(run, user_id, code, challenges[0].id, skill.name, "ok", "positioning", at,
                                         ({"skill": skill.name, "status": "validated", "source": "direct"},)))
    events.append(AssessmentCompleted(run, user_id, code, "positioning", len(answered), at))
    evaluations.append(evaluation, version, events, Meta())
    return answered


def answer(client, auth, view, how="right", **extra):
    challenge = load_bank().challenge_by_id[view["challenge"]["id"]]
    body = {"challengeId": challenge.id, **extra}
    if how == "skip":
        body["skipped"] = True
    else:
        body["answer"] = (right_answer if how == "right" else wrong_answer)(challenge, shown(view))
    return client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth)


def expected_questions(service, bank, levels, seed="c2f9a41e7b03d58e", user_id=USER):
    knowledge, seen = {}, set()
    for code in levels:
        _, evaluation = service.engine.evaluations.load(user_id, code)
        knowledge.update(evaluation.knowledge)
        seen |= {a.challenge_id for r in evaluation.runs.values() for a in r.answers}
    return compose(bank, levels, knowledge, frozenset(seen), seed)


def test_a_started_course_composes_its_test_from_the_positioning_once(service, client, auth, bank, mint):
    # A real positioning on two competences, answered right: its knowledge is what certifies.
    for code in ("1.1", "3.4"):
        positioning = client.post("/api/assessments", json={"competenceCode": code}, headers=auth).get_json()
        play_positioning(client, auth, bank, positioning)
    levels = {"1.1": 3, "3.4": 2}
    course = next(course_ids())
    assert deliver(service, course_started(course, levels)) == "handled"
    (composed,) = stream(service, course)
    assert composed.type == "CertificationTestComposed" and composed.key == USER
    registry.validate_data("CertificationTestComposed", 1, composed.data)
    data = composed.data
    assert data["course_id"] == data["assessment_id"] == course and data["session_id"] == SESSION
    assert data["user_id"] == USER
    expected = expected_questions(service, bank, levels)
    assert [(q["competence_code"], q["skill"], q["challenge_id"]) for q in data["questions"]] == \
        [(q.competence_code, q.skill, q.challenge_id) for q in expected]
    assert [q["competence_code"] for q in data["questions"]] == ["1.1"] * 3 + ["3.4"] * 3
    index = service.db["assessment_index"].find_one({"_id": course})
    assert index["user_id"] == USER and index["certification"]["questions"] == data["questions"]
    view = view_of(client, auth, course)
    assert view["id"] == course and view["kind"] == "certification" and view["state"] == "started"
    assert view["competenceCode"] is None and view["competenceTitle"] is None
    assert view["progress"] == {"answered": 0, "total": 6, "checkpointEvery": None}
    assert view["challenge"]["id"] == data["questions"][0]["challenge_id"] and view["challenge"]["focus"] is False
    assert view["checkpoint"] is None and view["result"] is None and view["review"] is None
    assert "solution" not in repr(view)
    # A redelivery, or the same course sent again for a resume (another envelope, another
    # moment), does nothing: the test stays as composed.
    assert deliver(service, course_started(course, levels)) == "handled"
    assert deliver(service, course_started(course, {"1.1": 3}, seed="another")) == "handled"
    assert [e.id for e in stream(service, course)] == [composed.id]
    assert service.db["assessment_index"].find_one({"_id": course}) == index
    assert view_of(client, auth, course)["challenge"] == view["challenge"]
    # Someone else's course does not exist, for them.
    for other in (client.get(f"/api/assessments/{course}", headers=mint.headers(OTHER)),
                  client.post(f"/api/assessments/{course}/answers", headers=mint.headers(OTHER),
                              json={"challengeId": view["challenge"]["id"], "skipped": True})):
        assert other.status_code == 404 and other.get_json()["code"] == "ASSESSMENT_NOT_FOUND"
    assert len(stream(service, course)) == 1


def test_the_composition_takes_the_hardest_validated_skills_unseen_challenges_first_at_most_48(service, bank):
    answered = {}
    for competence in bank.competences:
        answered.update(knows(service, bank, competence.code, up_to_level=5))
    levels = {c.code: 3 for c in bank.competences}
    course = next(course_ids())
    deliver(service, course_started(course, levels))
    questions = stream(service, course)[0].data["questions"]
    assert len(questions) == 48 == 16 * 3
    for competence in bank.competences:
        mine = [q for q in questions if q["competence_code"] == competence.code]
        assert len(mine) == 3
        asked_levels = [bank.skill_by_name[q["skill"]].level for q in mine]
        validated_levels = sorted((bank.skill_by_name[s].level for s in answered
                                   if bank.skill_by_name[s].competence_code == competence.code), reverse=True)
        assert asked_levels == validated_levels[:3]  # the hardest first, one challenge per skill
        assert len({q["skill"] for q in mine}) == 3
        for q in mine:
            challenge = bank.challenge_by_id[q["challenge_id"]]
            assert challenge.skill == q["skill"] and challenge.status == "validated"
            others = [c for c in bank.challenges_of(competence.code) if c.skill == q["skill"]]
            if len(others) > 1:  # the positioning answered one of them: another one is asked
                assert q["challenge_id"] != answered[q["skill"]]
    assert questions == [{"competence_code": q.competence_code, "skill": q.skill, "challenge_id": q.challenge_id}
                         for q in expected_questions(service, bank, levels)]


def test_the_candidate_answers_in_the_composed_order_to_the_end_and_sees_no_result(service, client, auth, bank):
    for code in ("1.3", "2.1", "4.2"):
        knows(service, bank, code, up_to_level=4)
    listing = client.get("/api/assessments/competences", headers=auth).get_json()
    course = next(course_ids())
    deliver(service, course_started(course, {"1.3": 3, "2.1": 4, "4.2": 1}))
    questions = stream(service, course)[0].data["questions"]
    assert len(questions) == 9
    view = view_of(client, auth, course)
    url = f"/api/assessments/{course}/answers"
    # Only the current question may be answered.
    second = bank.challenge_by_id[questions[1]["challenge_id"]]
    early = client.post(url, json={"challengeId": second.id, "answer": right_answer(second)}, headers=auth)
    assert early.status_code == 409 and early.get_json()["code"] == "NOT_CURRENT_CHALLENGE"
    assert early.get_json()["details"]["currentChallengeId"] == questions[0]["challenge_id"]
    hows = ["right", "wrong", "skip"] * 3
    for turn, how in enumerate(hows):
        assert view["challenge"]["id"] == questions[turn]["challenge_id"]
        answered = answer(client, auth, view, how)
        assert answered.status_code == 201, answered.get_json()
        body = answered.get_json()
        assert body["status"] is None  # never how it went
        view = body["assessment"]
        assert view["progress"] == {"answered": turn + 1, "total": 9, "checkpointEvery": None}
        assert view["checkpoint"] is None and view["review"] is None and view["result"] is None
        assert "correct" not in repr(body) and "'ok'" not in repr(body)
    assert view["state"] == "completed" and view["challenge"] is None
    events = stream(service, course)
    assert [e.type for e in events] == ["CertificationTestComposed"] + ["AnswerRecorded"] * 9 + \
        ["CertificationTestCompleted"]
    statuses = {"right": "ok", "wrong": "ko", "skip": "aband"}
    for event, question, how in zip(events[1:-1], questions, hows, strict=True):
        registry.validate_data("AnswerRecorded", 1, event.data)
        assert event.key == USER and event.data["kind"] == "certification"
        assert event.data["assessment_id"] == course and event.data["knowledge_elements"] == []
        assert (event.data["competence_code"], event.data["skill"], event.data["challenge_id"]) == \
            (question["competence_code"], question["skill"], question["challenge_id"])
        assert event.data["status"] == statuses[how]
    done = events[-1]
    registry.validate_data("CertificationTestCompleted", 1, done.data)
    assert done.key == USER and done.data["course_id"] == done.data["assessment_id"] == course
    assert done.data["session_id"] == SESSION and done.data["user_id"] == USER
    assert done.data["answers"] == [{"challenge_id": q["challenge_id"], "competence_code": q["competence_code"],
                                     "status": statuses[how]} for q, how in zip(questions, hows, strict=True)]
    assert done.data["questions"] == 9 and done.data["ended_by"] == "candidate"
    assert done.data["completed_at"] == iso(Clock.START)
    # Read again: still nothing about how it went.
    again = view_of(client, auth, course)
    assert again == view
    # An answer after the end is refused, and nothing is recorded.
    late = client.post(url, json={"challengeId": questions[-1]["challenge_id"], "skipped": True}, headers=auth)
    assert late.status_code == 409 and late.get_json()["code"] == "ASSESSMENT_COMPLETED"
    assert len(stream(service, course)) == len(events)
    # A certification never changes the profile: no CompetenceEvaluated, no knowledge element.
    assert client.get("/api/assessments/competences", headers=auth).get_json() == listing
    for code in ("1.3", "2.1", "4.2"):
        assert [e.type for e in service.store.read_stream(f"competence-{USER}-{code.replace('.', '_')}")] == \
            ["AssessmentStarted"] + ["AnswerRecorded"] * len([s for s in bank.skills_of(code) if s.level <= 4]) + \
            ["AssessmentCompleted"]
    assert "CompetenceEvaluated" not in {e.type for e in events}


def flagged_bank(bank: Bank, **changes) -> Bank:
    """The real bank with every challenge changed alike (timed, focus)."""
    return Bank(bank.version, bank.areas, bank.competences, bank.tubes, bank.skills,
                tuple(replace(c, **changes) for c in bank.challenges))


@pytest.fixture
def flagged(clock, mint, bank):
    """A service whose every challenge is a 30 s timed focus challenge."""
    service = bootstrap(unit_settings("assessment"), FakeDatabase(), bank=flagged_bank(bank, timer=30, focus=True),
                        clock=clock, env={})
    client = create_app(unit_settings("assessment"), service, ready_checks={}, verifier=mint.verifier()).test_client()
    return service, client


def test_the_timers_are_lengthened_by_the_extra_time(flagged, auth, bank, clock):
    service, client = flagged
    knows(service, service.engine.bank, "1.3", up_to_level=4)
    course, plain = next(course_ids()), "00000000-0000-4000-c000-000000000099"
    deliver(service, course_started(course, {"1.3": 2}, extra=50))
    view = view_of(client, auth, course)
    assert view["challenge"]["timer"] == 45  # 30 s × 1.5
    clock.advance(seconds=30 + 3)  # past the base timer and its grace, within the lengthened one
    answered = answer(client, auth, view)
    assert answered.status_code == 201 and answered.get_json()["status"] is None
    view = answered.get_json()["assessment"]
    clock.advance(seconds=45 + 3)  # past the lengthened one
    view = answer(client, auth, view).get_json()["assessment"]
    clock.advance(seconds=45 + 3)
    answer(client, auth, view, "wrong")  # a wrong answer stays wrong, late or not
    assert [e.data["status"] for e in stream(service, course)[1:4]] == ["ok", "timedout", "ko"]
    # Without extra time, the timer is the challenge's own.
    deliver(service, course_started(plain, {"1.3": 2}, candidate_id=str(uuid.uuid4())))
    view = view_of(client, auth, plain)
    assert view["challenge"]["timer"] == 30
    clock.advance(seconds=30 + 3)
    answer(client, auth, view)
    assert stream(service, plain)[1].data["status"] == "timedout"


def test_a_right_answer_to_a_focus_challenge_after_the_page_lost_focus_is_focused_out(flagged, auth, clock):
    service, client = flagged
    knows(service, service.engine.bank, "2.1", up_to_level=4)
    course = next(course_ids())
    deliver(service, course_started(course, {"2.1": 3}))
    view = view_of(client, auth, course)
    assert view["challenge"]["focus"] is True
    view = answer(client, auth, view, focusedOut=True).get_json()["assessment"]
    view = answer(client, auth, view, "wrong", focusedOut=True).get_json()["assessment"]
    done = answer(client, auth, view, focusedOut=False).get_json()
    assert done["status"] is None and done["assessment"]["state"] == "completed"
    events = stream(service, course)
    assert [e.data["status"] for e in events[1:4]] == ["focusedOut", "ko", "ok"]
    assert [a["status"] for a in events[-1].data["answers"]] == ["focusedOut", "ko", "ok"]


def test_focused_out_counts_only_on_a_focus_challenge_of_a_certification(service, client, auth, bank):
    knows(service, bank, "2.1", up_to_level=4)
    course = next(course_ids())
    deliver(service, course_started(course, {"2.1": 3}))
    view = view_of(client, auth, course)
    assert view["challenge"]["focus"] is False  # the bank flags no focus challenge
    answer(client, auth, view, focusedOut=True)
    assert stream(service, course)[1].data["status"] == "ok"
    positioning = client.post("/api/assessments", json={"competenceCode": "1.1"}, headers=auth).get_json()
    assert positioning["challenge"]["focus"] is False and positioning["progress"]["total"] is None
    answered = answer(client, auth, positioning, focusedOut=True).get_json()
    assert answered["status"] == "ok"


def test_the_invigilator_ends_the_test_with_the_answers_so_far(service, client, auth, bank):
    knows(service, bank, "3.1", up_to_level=4)
    knows(service, bank, "5.1", up_to_level=4)
    course = next(course_ids())
    deliver(service, course_started(course, {"3.1": 2, "5.1": 2}))
    questions = stream(service, course)[0].data["questions"]
    view = view_of(client, auth, course)
    view = answer(client, auth, view).get_json()["assessment"]
    view = answer(client, auth, view, "wrong").get_json()["assessment"]
    # Another candidate's end, or this candidate's in another session, ends nothing here.
    assert deliver(service, end_message(candidate_id=str(uuid.uuid4()))) == "handled"
    assert deliver(service, end_message(session_id=str(uuid.uuid4()))) == "handled"
    assert len(stream(service, course)) == 3
    assert deliver(service, end_message()) == "handled"
    events = stream(service, course)
    assert [e.type for e in events] == ["CertificationTestComposed", "AnswerRecorded", "AnswerRecorded",
                                        "CertificationTestCompleted"]
    done = events[-1].data
    registry.validate_data("CertificationTestCompleted", 1, done)
    assert done["ended_by"] == "invigilator" and done["questions"] == len(questions) == 6
    assert done["answers"] == [{"challenge_id": q["challenge_id"], "competence_code": q["competence_code"],
                                "status": status} for q, status in zip(questions[:2], ("ok", "ko"), strict=True)]
    closed = view_of(client, auth, course)
    assert closed["state"] == "completed" and closed["challenge"] is None
    assert closed["progress"] == {"answered": 2, "total": 6, "checkpointEvery": None}
    refused = answer(client, auth, view)
    assert refused.status_code == 409 and refused.get_json()["code"] == "ASSESSMENT_COMPLETED"
    # A completed test ignores a second end (a redelivery).
    assert deliver(service, end_message()) == "handled"
    assert len(stream(service, course)) == 4


def test_an_end_after_the_last_answer_changes_nothing(service, client, auth, bank):
    knows(service, bank, "4.2", up_to_level=1)
    course = next(course_ids())
    deliver(service, course_started(course, {"4.2": 1}))
    view = view_of(client, auth, course)
    while view["state"] == "started":
        view = answer(client, auth, view).get_json()["assessment"]
    before = stream(service, course)
    assert before[-1].data["ended_by"] == "candidate"
    deliver(service, end_message())
    assert [e.id for e in stream(service, course)] == [e.id for e in before]


def test_an_empty_composition_completes_at_once(service, client, auth):
    course = next(course_ids())
    deliver(service, course_started(course, {"1.1": 2, "2.2": 1}))  # no knowledge element: nothing to certify
    events = stream(service, course)
    assert [e.type for e in events] == ["CertificationTestComposed", "CertificationTestCompleted"]
    assert events[0].data["questions"] == []
    done = events[1].data
    registry.validate_data("CertificationTestCompleted", 1, done)
    assert done["answers"] == [] and done["questions"] == 0 and done["ended_by"] == "candidate"
    view = view_of(client, auth, course)
    assert view["state"] == "completed" and view["challenge"] is None
    assert view["progress"] == {"answered": 0, "total": 0, "checkpointEvery": None}
    refused = client.post(f"/api/assessments/{course}/answers", json={"challengeId": "x-x", "skipped": True},
                          headers=auth)
    assert refused.status_code == 409 and refused.get_json()["code"] == "ASSESSMENT_COMPLETED"
    deliver(service, course_started(course, {"1.1": 2, "2.2": 1}))
    deliver(service, end_message())
    assert len(stream(service, course)) == 2


def test_a_stream_left_empty_by_a_stopped_delivery_is_written_by_the_next(service, client, auth, bank, monkeypatch):
    knows(service, bank, "1.2", up_to_level=3)
    course = next(course_ids())
    real_save = service.engine.certifications.save

    def crash(*args, **kwargs):
        raise RuntimeError("the process stopped")

    monkeypatch.setattr(service.engine.certifications, "save", crash)
    (reactor,) = [r for r in service.reactors if r.name == "certification-tests"]
    outcome, _, _ = Dispatcher(reactor, "unit", sleep=lambda _: None).handle(course_started(course, {"1.2": 3}))
    assert outcome == "dead" and service.db["assessment_index"].find_one({"_id": course}) is not None
    assert stream(service, course) == []
    monkeypatch.setattr(service.engine.certifications, "save", real_save)
    deliver(service, course_started(course, {"1.2": 3}))
    assert [e.type for e in stream(service, course)] == ["CertificationTestComposed"]
    assert view_of(client, auth, course)["state"] == "started"


def test_two_racing_answers_record_one(service, client, auth, bank, monkeypatch):
    knows(service, bank, "1.2", up_to_level=3)
    course = next(course_ids())
    deliver(service, course_started(course, {"1.2": 3}))
    view = view_of(client, auth, course)
    stale = service.engine.certifications.load(service.engine.index.get(course))
    assert answer(client, auth, view).status_code == 201
    monkeypatch.setattr(service.engine.certifications, "load", lambda entry: stale)
    raced = answer(client, auth, view)
    assert raced.status_code == 409 and raced.get_json()["code"] == "CONCURRENT_UPDATE"
    assert [e.type for e in stream(service, course)] == ["CertificationTestComposed", "AnswerRecorded"]


def test_a_challenge_file_comes_with_the_certification_test_it_belongs_to(service, client, auth, bank, mint):
    for competence in bank.competences:
        knows(service, bank, competence.code, up_to_level=5)
    course = next(course_ids())
    deliver(service, course_started(course, {c.code: 3 for c in bank.competences}))
    view = view_of(client, auth, course)
    while view["state"] == "started" and not view["challenge"]["attachments"]:
        view = answer(client, auth, view, "skip").get_json()["assessment"]
    assert view["state"] == "started", "no composed question has a file"
    link = view["challenge"]["attachments"][0]
    assert link["url"].startswith(f"/api/assessments/{course}/challenges/{view['challenge']['id']}/")
    got = client.get(link["url"], headers=auth)
    assert got.status_code == 200 and got.data
    assert client.get(link["url"], headers=mint.headers(OTHER)).get_json()["code"] == "ASSESSMENT_NOT_FOUND"
