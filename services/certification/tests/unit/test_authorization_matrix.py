"""Who may do what in certification, in one place (issue 13): a candidate cannot start without
the invigilator's authorization, cannot join another center's session, cannot see a result
before publication; a member of center A sees nothing of center B; the invigilator password
opens one session only; a platform admin's role is needed to publish."""
from __future__ import annotations

import uuid

import pytest

from .sessions_world import DETAILS, ELIGIBLE, ResultsWorld, candidate

A, B = str(uuid.uuid4()), str(uuid.uuid4())
ELISE = candidate()


@pytest.fixture
def world():
    return ResultsWorld()


@pytest.fixture
def two_centers(world):
    admin_a, session_a = world.session_with(A, ELISE)
    admin_b, session_b = world.session_with(B, candidate("Martin", "Luc"))
    return admin_a, session_a, admin_b, session_b


def test_a_candidate_cannot_start_without_the_invigilators_authorization(world, two_centers):
    _, session_a, _, _ = two_centers
    person = str(uuid.uuid4())
    world.levels(person, ELIGIBLE)
    assert world.join(person, session_a["accessCode"], ELISE).status_code == 201
    answer = world.call("POST", f"/api/certification/sessions/{session_a['id']}/my-exam/start", person)
    assert answer.status_code == 403 and answer.get_json()["code"] == "CANDIDATE_NOT_AUTHORIZED"
    assert world.events(session_a["id"])[-1].type == "CandidateJoined"  # nothing started


def test_a_candidate_cannot_join_another_centers_session(world, two_centers):
    _, _, _, session_b = two_centers
    answer = world.join(str(uuid.uuid4()), session_b["accessCode"], ELISE)  # on A's list, not on B's
    assert answer.status_code == 404 and answer.get_json()["code"] == "CANDIDATE_NOT_FOUND"


def test_no_result_before_publication(world, two_centers):
    _, session_a, _, _ = two_centers
    person = str(uuid.uuid4())
    world.levels(person, ELIGIBLE)
    world.join(person, session_a["accessCode"], ELISE)
    mine = world.call("GET", f"/api/certification/sessions/{session_a['id']}/my-exam", person).get_json()
    assert not {"result", "score", "certificate", "pix"} & set(mine)
    assert world.call("GET", "/api/certification/me/certificates", person).get_json() == {"certificates": []}


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/certification/sessions/{b}", None),
    ("PATCH", "/api/certification/sessions/{b}", DETAILS),
    ("POST", "/api/certification/sessions/{b}/candidates", ELISE),
    ("DELETE", "/api/certification/sessions/{b}/candidates/x", None),
    ("POST", "/api/certification/sessions/{b}/finalization", {"absentCandidateIds": []}),
])
def test_a_member_of_a_sees_nothing_of_bs_sessions(world, two_centers, method, path, body):
    admin_a, _, _, session_b = two_centers
    answer = world.call(method, path.format(b=session_b["id"]), admin_a, json=body)
    assert answer.status_code == 404 and answer.get_json()["code"] == "SESSION_NOT_FOUND"
    assert len(world.events(session_b["id"])) == 2  # created, candidate added: nothing more


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_member_of_a_cannot_list_or_create_bs_sessions(world, two_centers, method):
    admin_a = two_centers[0]
    answer = world.call(method, f"/api/certification/centers/{B}/sessions", admin_a,
                        json=DETAILS if method == "POST" else None)
    assert answer.status_code == 403


def test_the_invigilator_password_opens_its_session_only(world, two_centers):
    _, session_a, _, session_b = two_centers
    crossed = world.client.post("/api/certification/invigilation", json={
        "accessCode": session_b["accessCode"], "password": session_a["invigilatorPassword"]})
    assert crossed.status_code == 401
    token = world.invigilate(session_a["accessCode"], session_a["invigilatorPassword"])
    for method, path in (("GET", f"/{session_b['id']}"), ("POST", f"/{session_b['id']}/candidates/x/authorization"),
                         ("POST", f"/{session_b['id']}/candidates/x/end")):
        assert world.as_invigilator(method, path, token).status_code == 401
    assert world.as_invigilator("GET", f"/{session_a['id']}", token).status_code == 200


def test_only_a_platform_admin_publishes_and_lists_what_to_publish(world, two_centers):
    admin_a, session_a, _, _ = two_centers
    for who in (admin_a, str(uuid.uuid4())):
        assert world.call("GET", "/api/certification/admin/sessions", who).status_code == 403
        assert world.call("POST", f"/api/certification/admin/sessions/{session_a['id']}/publication",
                          who).status_code == 403
    assert world.call("GET", "/api/certification/admin/sessions", None).status_code == 401
