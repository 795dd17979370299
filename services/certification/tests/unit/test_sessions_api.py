"""Sessions through certification's real app: creation and codes, details, the candidate list
one by one and imported, who may do what, and that nothing personal or secret reaches the
stream (it is published)."""
from __future__ import annotations

import json
import uuid

import pytest

from .sessions_world import DETAILS, World, candidate, sheet

CENTER, OTHER_CENTER = str(uuid.uuid4()), str(uuid.uuid4())


@pytest.fixture
def world():
    return World()


@pytest.fixture
def admin(world):
    return world.member(CENTER)


def test_a_member_creates_a_session_and_reads_its_codes_again(world, admin):
    created = world.create(CENTER, admin)
    assert len(created["accessCode"]) == 6 and len(created["invigilatorPassword"]) == 8
    member = world.member(CENTER, "MEMBER")
    seen = world.session(created["id"], member)
    assert (seen["accessCode"], seen["invigilatorPassword"]) == (created["accessCode"], created["invigilatorPassword"])
    assert seen["status"] == "created" and seen["centerId"] == CENTER
    assert {k: seen[k] for k in DETAILS} == DETAILS and seen["candidates"] == []
    stream = json.dumps([e.data for e in world.events(created["id"])])
    assert created["accessCode"] not in stream and created["invigilatorPassword"] not in stream
    assert world.service.db["session_codes"].find_one({"_id": created["accessCode"]})["session_id"] == created["id"]


def test_the_password_depends_on_the_service_secret(world, admin):
    created = world.create(CENTER, admin)
    other = World()
    other_admin = other.member(CENTER)
    assert other.create(CENTER, other_admin)["invigilatorPassword"] != created["invigilatorPassword"]


@pytest.mark.parametrize("change, field, code", [
    ({"room": ""}, None, "SESSION_DETAILS_INVALID"),
    ({"date": "10/12/2026"}, "date", "SESSION_DATE_INVALID"),
    ({"time": "9h30"}, "time", "SESSION_TIME_INVALID"),
    ({"examiner": "x" * 256}, "examiner", "SESSION_FIELD_TOO_LONG"),
])
def test_bad_details_are_refused_and_nothing_is_written(world, admin, change, field, code):
    answer = world.call("POST", f"/api/certification/centers/{CENTER}/sessions", admin, json={**DETAILS, **change})
    assert answer.status_code == 422, answer.get_json()
    body = answer.get_json()
    if field is None:
        assert body["code"] == code and body["details"]["missing"] == ["room"]
    else:
        assert body["details"]["fields"][field][0]["code"] == code
    assert world.service.db["session_codes"].docs == {}  # no code spent on a refused form


def test_the_center_lists_its_sessions_soonest_first(world, admin):
    late = world.create(CENTER, admin, date="2026-12-20")
    soon = world.create(CENTER, admin, date="2026-12-11")
    for session in (late, soon):
        world.project(session["id"])
    world.call("POST", f"/api/certification/sessions/{soon['id']}/candidates", admin, json=candidate())
    world.project(soon["id"])
    world.project(soon["id"])  # a redelivery changes nothing
    listed = world.call("GET", f"/api/certification/centers/{CENTER}/sessions", admin).get_json()["sessions"]
    assert [s["id"] for s in listed] == [soon["id"], late["id"]]
    assert (listed[0]["candidates"], listed[0]["status"], listed[0]["room"]) == (1, "created", "Salle B12")


def test_candidates_one_by_one_with_every_problem_reported(world, admin):
    session_id = world.create(CENTER, admin)["id"]
    path = f"/api/certification/sessions/{session_id}/candidates"
    added = world.call("POST", path, admin, json=candidate(extraTimePercentage=30))
    assert added.status_code == 201, added.get_json()
    bad = world.call("POST", path, admin, json=candidate("Martin", "", birth="31/02/2001", sex="X",
                                                         email="luc@example.fr"))
    assert bad.status_code == 422 and bad.get_json()["code"] == "INVALID_CANDIDATE"
    problems = {(p["field"], p["code"]) for p in bad.get_json()["details"]["problems"]}
    assert problems == {("first_name", "REQUIRED"), ("birth_date", "NOT_A_DATE"), ("sex", "UNKNOWN_VALUE")}
    again = world.call("POST", path, admin, json=candidate("DUPONT", "elise"))
    assert again.status_code == 409 and again.get_json()["code"] == "CANDIDATE_ALREADY_LISTED"
    listed = world.session(session_id, admin)["candidates"]
    assert [(c["lastName"], c["extraTimePercentage"], c["exam"]) for c in listed] == [("Dupont", 30, None)]
    assert world.events(session_id)[-1].data["candidates"] == [
        {"candidate_id": added.get_json()["id"], "extra_time_percentage": 30, "billing_mode": "free"}]
    assert "Dupont" not in json.dumps([e.data for e in world.events(session_id)])


def test_an_import_is_all_or_nothing_and_names_every_bad_line(world, admin):
    session_id = world.create(CENTER, admin)["id"]
    world.call("POST", f"/api/certification/sessions/{session_id}/candidates", admin, json=candidate())
    good = ["Bernard", "Zoé", "F", "12/03/2002", "Nantes", "44000", "France", "zoe@example.fr", None, None, None,
            "Gratuite", None, None]
    rows = [good, ["", "Luc", "M", "01/01/2003", "Lille", "59000", "France", "luc@example", None, None, None,
                   "Payante", None, None],
            ["Dupont", "Élise", "F", "05/04/2001", "Lyon", "69001", "France", "e@example.fr", None, None, None,
             "Gratuite", None, None]]
    path = f"/api/certification/sessions/{session_id}/candidates/import"
    refused = world.call("POST", path, admin, json=sheet(rows))
    assert refused.status_code == 422 and refused.get_json()["code"] == "CANDIDATE_IMPORT_REJECTED"
    problems = {(p["line"], p["field"], p["code"]) for p in refused.get_json()["details"]["problems"]}
    assert (3, "last_name", "REQUIRED") in problems and (3, "email", "INVALID_FORMAT") in problems
    assert (4, "last_name", "ALREADY_LISTED") in problems
    assert len(world.session(session_id, admin)["candidates"]) == 1 and len(world.events(session_id)) == 2
    imported = world.call("POST", path, admin, json=sheet([good]))
    assert imported.status_code == 201 and imported.get_json() == {"imported": 1}
    names = [c["lastName"] for c in world.session(session_id, admin)["candidates"]]
    assert names == ["Bernard", "Dupont"]


def test_an_unreadable_file_is_refused(world, admin):
    session_id = world.create(CENTER, admin)["id"]
    path = f"/api/certification/sessions/{session_id}/candidates/import"
    for body, code in (({"fileName": "liste.xlsx", "content": "pas du base64 !"}, "CANDIDATE_FILE_UNREADABLE"),
                       ({"fileName": "liste.pdf", "content": "JVBERi0="}, "CANDIDATE_FILE_UNSUPPORTED")):
        answer = world.call("POST", path, admin, json=body)
        assert answer.status_code in (415, 422) and answer.get_json()["code"] == code, answer.get_json()


def test_templates_download(world, admin):
    for fmt, magic in (("xlsx", b"PK"), ("ods", b"PK")):
        answer = world.call("GET", f"/api/certification/candidate-templates/{fmt}", admin)
        assert answer.status_code == 200 and answer.data.startswith(magic)
        assert "attachment" in answer.headers["Content-Disposition"]
    assert world.call("GET", "/api/certification/candidate-templates/pdf", admin).status_code == 404


def test_removing_a_candidate_forgets_who_they_were(world, admin):
    session_id = world.create(CENTER, admin)["id"]
    path = f"/api/certification/sessions/{session_id}/candidates"
    candidate_id = world.call("POST", path, admin, json=candidate()).get_json()["id"]
    assert world.call("DELETE", f"{path}/{candidate_id}", admin).status_code == 204
    assert world.session(session_id, admin)["candidates"] == []
    assert world.service.db["candidate_vault"].find_one({"_id": f"{session_id}:{candidate_id}"}) is None
    assert world.call("DELETE", f"{path}/{candidate_id}", admin).get_json()["code"] == "CANDIDATE_NOT_FOUND"


@pytest.mark.parametrize("who", ["anonymous", "person", "other_center"])
def test_only_the_centers_members_see_or_change_its_sessions(world, admin, who):
    session_id = world.create(CENTER, admin)["id"]
    caller = {"anonymous": None, "person": str(uuid.uuid4()), "other_center": world.member(OTHER_CENTER)}[who]
    expected = 401 if who == "anonymous" else None
    answers = [world.call("GET", f"/api/certification/sessions/{session_id}", caller),
               world.call("PATCH", f"/api/certification/sessions/{session_id}", caller, json=DETAILS),
               world.call("POST", f"/api/certification/sessions/{session_id}/candidates", caller, json=candidate()),
               world.call("POST", f"/api/certification/sessions/{session_id}/candidates/import", caller,
                          json=sheet([]))]
    for answer in answers:
        assert answer.status_code == (expected or 404), answer.get_json()
        if not expected:
            assert answer.get_json()["code"] == "SESSION_NOT_FOUND"
    unknown = world.call("GET", f"/api/certification/sessions/{uuid.uuid4()}", caller)
    assert unknown.status_code == (expected or 404)  # the same answer for a stranger and an unknown id
    for method, body in (("POST", DETAILS), ("GET", None)):
        answer = world.call(method, f"/api/certification/centers/{CENTER}/sessions", caller, json=body)
        assert answer.status_code == (expected or 403)
    assert len(world.events(session_id)) == 1


def test_details_change_until_finalization(world, admin):
    session_id = world.create(CENTER, admin)["id"]
    path = f"/api/certification/sessions/{session_id}"
    assert world.call("PATCH", path, admin, json={**DETAILS, "room": "Salle C3"}).status_code == 204
    assert world.session(session_id, admin)["room"] == "Salle C3"
    assert world.call("PATCH", path, admin, json={**DETAILS, "room": "Salle C3"}).status_code == 204
    assert len(world.events(session_id)) == 2  # the same details again: no event


def test_a_list_of_a_thousand_candidates_is_larger_than_other_bodies_and_still_taken(world, admin):
    import base64
    import csv
    import io

    from pix_certification.domain.candidates import HEADERS

    session_id = world.create(CENTER, admin)["id"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    for n in range(1000):
        writer.writerow([f"Nom{n:04d}", f"Prénom{n:04d}", "F", "01/02/2003", "Lyon", "69001", "France",
                         f"candidat{n}@example.fr", "", "", "", "Gratuite", "", ""])
    body = {"fileName": "liste.csv", "content": base64.b64encode(out.getvalue().encode()).decode()}
    assert len(body["content"]) > 64 * 1024  # over the other routes' limit
    imported = world.call("POST", f"/api/certification/sessions/{session_id}/candidates/import", admin, json=body)
    assert imported.status_code == 201 and imported.get_json() == {"imported": 1000}, imported.get_json()
    too_big = world.call("POST", f"/api/certification/sessions/{session_id}/candidates", admin,
                         json={**candidate(), "accessibilityNeeds": "x" * (70 * 1024)})
    assert too_big.status_code == 413
