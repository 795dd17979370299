"""From the end of a test to a verified certificate, through certification's real app and
loops: the score when assessment says the test completed (unanswered questions abandoned),
finalization with an incident that neutralizes, processing, publication by CERTIF, the
certificate (list, view, PDF) and the public verification; nothing visible before publication;
anonymization keeps the figures and drops the names."""
from __future__ import annotations

import subprocess
import uuid

import pytest

from .sessions_world import ELIGIBLE, ResultsWorld, candidate

CENTER = str(uuid.uuid4())
ELISE, LUC = candidate(), candidate("Martin", "Luc", birth="2003-01-01", sex="M")
CERTIF = str(uuid.uuid4())


@pytest.fixture
def world():
    world = ResultsWorld()
    world.service.db["centers"].insert_one({"_id": CENTER, "name": "Lycée Victor Hugo", "type": "SCHOOL"})
    return world


def started(world, session, fields):
    person = str(uuid.uuid4())
    world.levels(person, ELIGIBLE)
    candidate_id = world.join(person, session["accessCode"], fields).get_json()["candidateId"]
    token = world.invigilate(session["accessCode"], session["invigilatorPassword"])
    world.as_invigilator("POST", f"/{session['id']}/candidates/{candidate_id}/authorization", token)
    course_id = world.call("POST", f"/api/certification/sessions/{session['id']}/my-exam/start",
                           person).get_json()["courseId"]
    return person, candidate_id, course_id, token


def questions_for(levels: dict) -> list[dict]:
    letters = "abcdefghij"
    return [{"competence_code": code, "skill": f"@tube{letters[int(code[0])]}{letters[int(code[2])]}{3 - n}",
             "challenge_id": f"rec{code.replace('.', '-')}-{n}"} for code in sorted(levels) for n in range(3)]


def test_scored_finalized_published_certified_and_verified(world):
    admin, session = world.session_with(CENTER, ELISE, LUC)
    person, elise, course, token = started(world, session, ELISE)
    luc_person = str(uuid.uuid4())
    world.levels(luc_person, ELIGIBLE)
    luc = world.join(luc_person, session["accessCode"], LUC).get_json()["candidateId"]
    questions = questions_for(ELIGIBLE)
    common = {"course_id": course, "session_id": session["id"], "assessment_id": course, "user_id": person}
    world.assessment_says("CertificationTestComposed", {**common, "questions": questions,
                                                        "composed_at": "2026-12-10T09:36:00.000000Z"}, 1)
    # Every answer right but two of 1.1's; 5.1's last question never answered (15 / 18: 83 %).
    answers = [{"challenge_id": q["challenge_id"], "competence_code": q["competence_code"],
                "status": "ko" if q["challenge_id"] in ("rec1-1-1", "rec1-1-2") else "ok"} for q in questions[:-1]]
    world.assessment_says("CertificationTestCompleted", {**common, "answers": answers, "questions": len(questions),
                                                         "ended_by": "candidate",
                                                         "completed_at": "2026-12-10T10:20:00.000000Z"}, 2)
    world.assessment_says("CertificationTestCompleted", {**common, "answers": answers, "questions": len(questions),
                                                         "ended_by": "candidate",
                                                         "completed_at": "2026-12-10T10:20:00.000000Z"}, 2)
    course_events = world.service.store.read_stream(f"course-{course}")
    assert [e.type for e in course_events] == ["CertificationScored"]  # once, though delivered twice
    first = course_events[0].data
    by_code = {c["competence_code"]: c for c in first["competences"]}
    assert first["reason"] == "test_completed" and first["questions"] == 18
    assert (by_code["1.1"]["outcome"], by_code["1.1"]["certified_level"]) == ("not_certified", 0)
    assert by_code["5.1"]["answers"] == 3 and by_code["5.1"]["correct"] == 2  # the unanswered one counts
    assert [a["status"] for a in first["answers"]][-1] == "aband"
    assert world.call("GET", f"/api/certification/sessions/{session['id']}/my-exam", person).get_json()["exam"] \
        == "finished"
    assert world.call("GET", "/api/certification/me/certificates", person).get_json() == {"certificates": []}

    # The invigilator reports the image of 1.1's wrong question; Luc never came.
    world.as_invigilator("POST", f"/{session['id']}/incidents", token,
                         json={"candidateId": elise, "category": "image_not_displaying", "challengeId": "rec1-1-2"})
    finalized = world.call("POST", f"/api/certification/sessions/{session['id']}/finalization", admin,
                           json={"examinerComment": "RAS", "absentCandidateIds": [luc]})
    assert finalized.status_code == 204, finalized.get_json()
    world.pump("courses", "sessions")
    course_events = world.service.store.read_stream(f"course-{course}")
    rescored = course_events[-1].data
    assert rescored["reason"] == "session_finalized"
    rescored_1_1 = next(c for c in rescored["competences"] if c["competence_code"] == "1.1")
    assert (rescored_1_1["outcome"], rescored_1_1["certified_level"], rescored_1_1["neutralized"]) == \
        ("level_minus_one", 2, 1)  # one miss of two counted, at a rate of 15 / 17
    assert [a["challenge_id"] for a in rescored["answers"] if a["neutralized"]] == ["rec1-1-2"]
    assert world.session(session["id"], admin)["status"] == "in_process"
    assert world.call("GET", "/api/certification/me/certificates", person).get_json() == {"certificates": []}

    awaiting = world.call("GET", "/api/certification/admin/sessions", CERTIF)
    assert awaiting.status_code == 403  # a CERTIF role is needed
    headers = world.headers(CERTIF, roles=("CERTIF",))
    listed = world.client.get("/api/certification/admin/sessions", headers=headers).get_json()["sessions"]
    assert [(s["id"], s["centerName"]) for s in listed] == [(session["id"], "Lycée Victor Hugo")]
    assert world.call("POST", f"/api/certification/admin/sessions/{session['id']}/publication", admin).status_code \
        == 403
    published = world.client.post(f"/api/certification/admin/sessions/{session['id']}/publication", headers=headers)
    assert published.status_code == 204, published.get_json()
    world.pump("courses", "sessions", "certificates")
    assert world.client.get("/api/certification/admin/sessions", headers=headers).get_json()["sessions"] == []

    mine = world.call("GET", "/api/certification/me/certificates", person).get_json()["certificates"]
    assert len(mine) == 1 and mine[0]["centerName"] == "Lycée Victor Hugo"
    certified_pix = 8 * (sum(ELIGIBLE.values()) - 1)  # 1.1 at level 3 - 1
    assert mine[0]["pix"] == certified_pix and mine[0]["certifiedOn"] == "2026-12-10"
    code = mine[0]["verificationCode"]
    view = world.call("GET", f"/api/certification/certificates/{mine[0]['id']}", person).get_json()
    assert view["holder"] == {"firstName": "Élise", "lastName": "Dupont"} and view["verificationCode"] == code
    pdf = world.call("GET", f"/api/certification/certificates/{mine[0]['id']}/pdf", person)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and code in pdf.headers["Content-Disposition"]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout
    assert code in text.decode() and "Élise" in text.decode() and str(certified_pix) in text.decode()
    stranger = str(uuid.uuid4())
    assert world.call("GET", f"/api/certification/certificates/{mine[0]['id']}", stranger).status_code == 404
    assert world.client.get(f"/api/certification/verification/{code[:-1]}A").status_code == 404  # mistyped
    public = world.client.get(f"/api/certification/verification/{code.lower().replace('-', '- ')}")
    assert public.status_code == 200 and public.get_json()["certifiedPix"] == certified_pix
    assert world.client.get("/api/certification/verification/P-BBBBBBBB").status_code == 404

    # Erasure: the names go, the figures stay verifiable.
    world.deliver("certificates", _anonymized(person))
    assert world.service.db["candidate_vault"].find_one({"_id": f"{session['id']}:{elise}"}) is None
    after = world.client.get(f"/api/certification/verification/{code}").get_json()
    assert after["holder"] is None and after["certifiedPix"] == certified_pix
    assert world.call("GET", "/api/certification/me/certificates", person).get_json() == {"certificates": []}


def test_publication_before_processing_is_refused(world):
    admin, session = world.session_with(CENTER, ELISE)
    headers = world.headers(CERTIF, roles=("CERTIF",))
    refused = world.client.post(f"/api/certification/admin/sessions/{session['id']}/publication", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["code"] == "SESSION_STATUS_INVALID"


def test_finalization_needs_every_candidate_accounted_for_and_then_nothing_changes(world):
    admin, session = world.session_with(CENTER, ELISE, LUC)
    path = f"/api/certification/sessions/{session['id']}"
    refused = world.call("POST", f"{path}/finalization", admin, json={"examinerComment": ""})
    assert refused.status_code == 409 and refused.get_json()["code"] == "CANDIDATES_UNACCOUNTED"
    ids = [c["id"] for c in world.session(session["id"], admin)["candidates"]]
    assert world.call("POST", f"{path}/finalization", admin, json={"absentCandidateIds": ids}).status_code == 204
    for method, sub, body in (("PATCH", "", {**_details(world, session, admin), "room": "Z"}),
                              ("POST", "/candidates", candidate("Neuf", "Nina")),
                              ("POST", "/finalization", {"absentCandidateIds": ids})):
        answer = world.call(method, f"{path}{sub}", admin, json=body)
        assert answer.status_code == 409 and answer.get_json()["code"] == "SESSION_NOT_EDITABLE", (sub, answer.json)
    stranger = world.member(str(uuid.uuid4()))
    assert world.call("POST", f"{path}/finalization", stranger, json={}).status_code == 404


def _details(world, session, admin) -> dict:
    seen = world.session(session["id"], admin)
    return {k: seen[k] for k in ("address", "room", "examiner", "date", "time", "description")}


def _anonymized(user_id: str):
    from .sessions_world import envelope_of
    return envelope_of("UserAnonymized", {"user_id": user_id, "anonymized_at": "2026-12-20T10:00:00.000000Z"},
                       source="identity", stream=f"user-{user_id}", position=9, key=user_id)
