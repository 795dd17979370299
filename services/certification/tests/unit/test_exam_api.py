"""The exam through certification's real app: joining with the access code and one's identity,
waiting for the invigilator, starting (the event assessment composes from), reporting a
problem; the invigilator's token, live list, authorizations, ending a test and incidents."""
from __future__ import annotations

import uuid

import pytest

from .sessions_world import ELIGIBLE, ExamWorld, candidate

CENTER = str(uuid.uuid4())
ELISE, LUC = candidate(), candidate("Martin", "Luc", birth="2003-01-01", extraTimePercentage=30, sex="M")


@pytest.fixture
def world():
    return ExamWorld()


@pytest.fixture
def session(world):
    _, created = world.session_with(CENTER, ELISE, LUC)
    return created


def test_the_whole_exam_from_join_to_the_start(world, session):
    person = str(uuid.uuid4())
    world.levels(person, ELIGIBLE)
    joined = world.join(person, session["accessCode"].lower(), {**ELISE, "lastName": " DUPONT "})
    assert joined.status_code == 201, joined.get_json()
    candidate_id = joined.get_json()["candidateId"]
    mine = f"/api/certification/sessions/{session['id']}/my-exam"
    assert world.call("GET", mine, person).get_json()["exam"] == "waiting"
    refused = world.call("POST", f"{mine}/start", person)
    assert refused.status_code == 403 and refused.get_json()["code"] == "CANDIDATE_NOT_AUTHORIZED"

    token = world.invigilate(session["accessCode"], session["invigilatorPassword"].lower())
    live = world.as_invigilator("GET", f"/{session['id']}", token).get_json()
    assert [(c["lastName"], c["joined"], c["exam"]) for c in live["candidates"]] == [("Dupont", True, "waiting"),
                                                                                     ("Martin", False, None)]
    assert world.as_invigilator("POST", f"/{session['id']}/candidates/{candidate_id}/authorization",
                                token).status_code == 204
    started = world.call("POST", f"{mine}/start", person)
    assert started.status_code == 201, started.get_json()
    course_started = world.events(session["id"])[-1]
    assert course_started.type == "CertificationCourseStarted"
    assert course_started.data["course_id"] == started.get_json()["courseId"]
    assert course_started.data["user_id"] == person and course_started.data["extra_time_percentage"] == 0
    assert [p["competence_code"] for p in course_started.data["positioned_levels"]] == sorted(ELIGIBLE)
    assert world.call("GET", mine, person).get_json()["exam"] == "started"

    problem = world.call("POST", f"{mine}/problems", person, json={"kind": "focus_lost", "challengeId": "rec123"})
    assert problem.status_code == 204
    alerts = world.as_invigilator("GET", f"/{session['id']}", token).get_json()["candidates"][0]["alerts"]
    assert [(a["kind"], a["challengeId"]) for a in alerts] == [("focus_lost", "rec123")]

    # Started again from another device: the invigilator authorizes the resume; same course.
    again = world.call("POST", f"{mine}/start", person)
    assert again.status_code == 403 and again.get_json()["code"] == "CANDIDATE_NOT_AUTHORIZED"
    world.as_invigilator("POST", f"/{session['id']}/candidates/{candidate_id}/authorization", token)
    assert world.call("POST", f"{mine}/start", person).get_json() == started.get_json()

    incident = world.as_invigilator("POST", f"/{session['id']}/incidents", token,
                                    json={"candidateId": candidate_id, "category": "image_not_displaying",
                                          "challengeId": "rec123"})
    assert incident.status_code == 204, incident.get_json()
    assert world.as_invigilator("POST", f"/{session['id']}/candidates/{candidate_id}/end", token).status_code == 204
    assert world.call("GET", mine, person).get_json()["exam"] == "ended"


def test_the_extra_time_reaches_the_course(world, session):
    person = str(uuid.uuid4())
    world.levels(person, ELIGIBLE)
    candidate_id = world.join(person, session["accessCode"], LUC).get_json()["candidateId"]
    token = world.invigilate(session["accessCode"], session["invigilatorPassword"])
    world.as_invigilator("POST", f"/{session['id']}/candidates/{candidate_id}/authorization", token)
    world.call("POST", f"/api/certification/sessions/{session['id']}/my-exam/start", person)
    assert world.events(session["id"])[-1].data["extra_time_percentage"] == 30


@pytest.mark.parametrize("typed, code", [({"lastName": "Dupond"}, "CANDIDATE_NOT_FOUND"),
                                         ({"birthDate": "2001-05-04"}, "CANDIDATE_NOT_FOUND"),
                                         ({"birthDate": "05/04/2001"}, "VALIDATION_ERROR")])
def test_a_join_that_matches_nobody_says_so_and_changes_nothing(world, session, typed, code):
    before = len(world.events(session["id"]))
    answer = world.join(str(uuid.uuid4()), session["accessCode"], {**ELISE, **typed})
    assert answer.get_json()["code"] == code and answer.status_code in (404, 422)
    assert len(world.events(session["id"])) == before


def test_a_wrong_access_code_is_refused(world, session):
    answer = world.join(str(uuid.uuid4()), "ZZZZZZ" if session["accessCode"] != "ZZZZZZ" else "YYYYYY", ELISE)
    assert answer.status_code == 404 and answer.get_json()["code"] == "ACCESS_CODE_UNKNOWN"
    assert answer.get_json()["message"].startswith("Ce code d'accès ne correspond à aucune session")


def test_one_person_one_candidate_and_one_candidate_one_person(world, session):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert world.join(first, session["accessCode"], ELISE).status_code == 201
    assert world.join(first, session["accessCode"], ELISE).status_code == 201  # again: the same
    taken = world.join(second, session["accessCode"], ELISE)
    assert taken.status_code == 409 and taken.get_json()["code"] == "CANDIDATE_ALREADY_LINKED"
    twice = world.join(first, session["accessCode"], LUC)
    assert twice.status_code == 409 and twice.get_json()["code"] == "PERSON_ALREADY_LINKED"


def test_a_person_who_is_not_eligible_cannot_start(world, session):
    person = str(uuid.uuid4())
    world.levels(person, {"1.1": 3, "1.2": 1})
    candidate_id = world.join(person, session["accessCode"], ELISE).get_json()["candidateId"]
    token = world.invigilate(session["accessCode"], session["invigilatorPassword"])
    world.as_invigilator("POST", f"/{session['id']}/candidates/{candidate_id}/authorization", token)
    answer = world.call("POST", f"/api/certification/sessions/{session['id']}/my-exam/start", person)
    assert answer.status_code == 409 and answer.get_json()["code"] == "NOT_ELIGIBLE"
    assert "il en manque 3" in answer.get_json()["message"]


def test_the_invigilator_password_opens_one_session_only_and_for_the_day(world, session):
    _, other = world.session_with(CENTER, candidate("Autre", "Anne"))
    wrong = world.client.post("/api/certification/invigilation",
                              json={"accessCode": session["accessCode"], "password": other["invigilatorPassword"]})
    assert wrong.status_code == 401 and wrong.get_json()["code"] == "INVIGILATOR_REFUSED"
    unknown = world.client.post("/api/certification/invigilation", json={"accessCode": "ZZZZZZ", "password": "x"})
    assert unknown.status_code == 401 and unknown.get_json()["code"] == "INVIGILATOR_REFUSED"
    token = world.invigilate(session["accessCode"], session["invigilatorPassword"])
    assert world.as_invigilator("GET", f"/{session['id']}", token).status_code == 200
    for path in (f"/{other['id']}", f"/{other['id']}/candidates/x/authorization"):
        method = "GET" if path.count("/") == 1 else "POST"
        answer = world.as_invigilator(method, path, token)
        assert answer.status_code == 401 and answer.get_json()["code"] == "INVIGILATOR_REFUSED"
    assert world.as_invigilator("GET", f"/{session['id']}", None).status_code == 401
    assert world.as_invigilator("GET", f"/{session['id']}", token[:-2] + "xx").status_code == 401
    world.clock.advance(days=1)
    assert world.as_invigilator("GET", f"/{session['id']}", token).status_code == 401  # yesterday's


def test_someone_who_did_not_join_sees_nothing_of_the_session(world, session):
    stranger = str(uuid.uuid4())
    for method, path in (("GET", "my-exam"), ("POST", "my-exam/start")):
        answer = world.call(method, f"/api/certification/sessions/{session['id']}/{path}", stranger)
        assert answer.status_code == 404 and answer.get_json()["code"] == "SESSION_NOT_FOUND"


def test_an_unknown_incident_category_is_refused(world, session):
    token = world.invigilate(session["accessCode"], session["invigilatorPassword"])
    answer = world.as_invigilator("POST", f"/{session['id']}/incidents", token,
                                  json={"candidateId": "x", "category": "meteor"})
    assert answer.status_code == 422
