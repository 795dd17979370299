"""A small fake of certification's exam and certificates API and of assessment's two test
routes (issue 13), served over loopback like the real services, for the candidate's and the
invigilator's pages. People sign in through test_pages' identity fake, whose tokens say who
calls; the invigilator sends `Authorization: Invigilator <token>`. State lives in
`app.state`; every call is logged in `app.calls` (method, path, JSON body, language,
Authorization); `app.config["ANSWERS"]` maps "METHOD /path" to a (status, body) that
replaces the answer."""
from __future__ import annotations

from flask import Flask, Response, jsonify, request

SESSION = "5e551011-0000-4000-8000-000000000001"
COURSE = "c0c0c0c0-0000-4000-8000-000000000001"
CANDIDATE = "ca11d1da-0000-4000-8000-000000000001"
OTHER = "ca11d1da-0000-4000-8000-000000000002"
CERTIFICATE = "ce47ce47-0000-4000-8000-000000000001"
CODE = "AB3DE5"
PASSWORD = "surv-1234"
TOKEN = "day-token"

MESSAGES = {
    "ACCESS_CODE_UNKNOWN": {"fr": "Ce code d'accès ne correspond à aucune session.",
                            "en": "This access code does not match any session."},
    "CANDIDATE_NOT_FOUND": {"fr": "Aucun candidat de cette session ne correspond.",
                            "en": "No candidate of this session matches."},
    "SESSION_NOT_FOUND": {"fr": "Cette session n'existe pas ou vous n'y avez pas accès.",
                          "en": "This session does not exist or you have no access to it."},
    "CANDIDATE_NOT_AUTHORIZED": {"fr": "Le surveillant n'a pas encore autorisé votre entrée en test.",
                                 "en": "The invigilator has not let you start yet."},
    "NOT_ELIGIBLE": {"fr": "Votre profil ne permet pas encore de passer la certification (il en manque 2).",
                     "en": "Your profile does not allow a certification yet (2 missing)."},
    "INVIGILATOR_REFUSED": {"fr": "Le code d'accès ou le mot de passe surveillant est incorrect, ou votre accès a "
                                  "expiré : saisissez-les à nouveau.",
                            "en": "The access code or the invigilator password is wrong, or your access expired: "
                                  "enter them again."},
    "CANDIDATE_STATE_INVALID": {"fr": "Cette étape n'est pas possible pour ce candidat maintenant.",
                                "en": "This step is not possible for this candidate now."},
    "INCIDENT_CHALLENGE_REQUIRED": {"fr": "Indiquez la question concernée par ce problème.",
                                    "en": "Please say which question this problem concerns."},
    "CERTIFICATE_NOT_FOUND": {"fr": "Aucun certificat ne correspond.", "en": "No certificate matches."},
    "ASSESSMENT_NOT_FOUND": {"fr": "Ce test n'existe pas.", "en": "This test does not exist."},
}
CHALLENGES = [
    {"id": "rec-qcu-1", "type": "QCU", "instruction": "Quel est le **bon** choix ?", "proposals": ["Un", "Deux"],
     "fields": [], "timer": None, "illustrationAlt": None, "attachments": [], "focus": False},
    {"id": "rec-focus-2", "type": "QROC", "instruction": "Tapez le mot.", "proposals": [], "fields": [],
     "timer": 60, "illustrationAlt": None,
     "attachments": [{"format": "xlsx", "name": "tableau.xlsx",
                      "url": f"/api/assessments/{COURSE}/challenges/rec-focus-2/attachments/xlsx"}],
     "focus": True},
    {"id": "rec-fields-3", "type": "QROCM-ind", "instruction": "Complétez.", "proposals": [],
     "fields": [{"name": "ville", "label": "Ville"}, {"name": "pays", "label": "Pays"}], "timer": None,
     "illustrationAlt": None, "attachments": [], "focus": False},
]


def fresh_state() -> dict:
    return {"exam": None, "resume": False, "courseId": None, "composed": False, "answers": [],
            "candidates": {CANDIDATE: {"id": CANDIDATE, "lastName": "Lima", "firstName": "Ana", "joined": False,
                                       "exam": None, "resume": False, "absent": False, "extraTimePercentage": 30,
                                       "alerts": []},
                           OTHER: {"id": OTHER, "lastName": "<b>Zola</b>", "firstName": "Émile", "joined": True,
                                   "exam": "started", "resume": False, "absent": False, "extraTimePercentage": 0,
                                   "alerts": [{"kind": "focus_lost", "challengeId": "rec-focus-2",
                                               "raisedAt": "2026-12-02T09:15:00Z"}]}},
            "incidents": []}


def fake_exam(identity: Flask) -> Flask:
    app = Flask("fake_exam")
    app.config["ANSWERS"] = {}
    app.calls = []
    app.state = fresh_state()

    def lang() -> str:
        return "en" if request.headers.get("Accept-Language") == "en" else "fr"

    def error(status, code):
        return jsonify(code=code, message=MESSAGES.get(code, {}).get(lang(), "refusé"), details={}), status

    def person():
        grant = identity.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        return identity.users.get(grant["email"]) if grant else None

    def invigilating() -> bool:
        return request.headers.get("Authorization") == f"Invigilator {TOKEN}" and not app.config.get("EXPIRED")

    @app.before_request
    def log_and_check():
        app.calls.append((request.method, request.path, request.get_json(silent=True),
                          request.headers.get("Accept-Language"), request.headers.get("Authorization")))
        replaced = app.config["ANSWERS"].get(f"{request.method} {request.path}")
        if replaced:
            status, body = replaced
            return jsonify(body), status
        if request.path.startswith("/api/certification/invigilation"):
            if request.path != "/api/certification/invigilation" and not invigilating():
                return error(401, "INVIGILATOR_REFUSED")
            return None
        if person() is None:
            return error(401, "INVALID_TOKEN")
        return None

    # ---- the candidate

    @app.post("/api/certification/joins")
    def join():
        body = request.get_json()
        if body["accessCode"] != CODE:
            return error(404, "ACCESS_CODE_UNKNOWN")
        if body["lastName"].lower() != "lima" or body["birthDate"] != "2008-03-21":
            return error(404, "CANDIDATE_NOT_FOUND")
        app.state["exam"] = app.state["exam"] or "waiting"
        app.state["candidates"][CANDIDATE].update(joined=True, exam=app.state["exam"])
        return jsonify(sessionId=SESSION, candidateId=CANDIDATE), 201

    def mine(session_id):
        return session_id == SESSION and app.state["exam"] is not None

    @app.get("/api/certification/sessions/<session_id>/my-exam")
    def my_exam(session_id):
        if not mine(session_id):
            return error(404, "SESSION_NOT_FOUND")
        return jsonify(sessionId=SESSION, candidateId=CANDIDATE, status="created", exam=app.state["exam"],
                       courseId=app.state["courseId"], resume=app.state["resume"], extraTimePercentage=30,
                       address="1 rue de la Paix, Paris", room="B12", date="2026-12-02", time="09:00")

    @app.post("/api/certification/sessions/<session_id>/my-exam/start")
    def start(session_id):
        if not mine(session_id):
            return error(404, "SESSION_NOT_FOUND")
        if app.config.get("NOT_ELIGIBLE"):
            return error(409, "NOT_ELIGIBLE")
        if app.state["exam"] != "authorized":
            return error(403, "CANDIDATE_NOT_AUTHORIZED")
        app.state.update(exam="started", courseId=COURSE, resume=False)
        return jsonify(courseId=COURSE), 201

    @app.post("/api/certification/sessions/<session_id>/my-exam/problems")
    def problems(session_id):
        if not mine(session_id):
            return error(404, "SESSION_NOT_FOUND")
        return "", 204

    # ---- the test (assessment's routes)

    @app.get("/api/assessments/<course_id>")
    def assessment(course_id):
        if course_id != COURSE or not app.state["composed"]:
            return error(404, "ASSESSMENT_NOT_FOUND")
        answered = len(app.state["answers"])
        done = answered >= len(CHALLENGES)
        return jsonify(id=COURSE, competenceCode=None, competenceTitle=None, kind="certification",
                       state="completed" if done else "started",
                       progress={"answered": answered, "total": len(CHALLENGES), "checkpointEvery": None},
                       challenge=None if done else CHALLENGES[answered], checkpoint=None, result=None, review=None)

    @app.post("/api/assessments/<course_id>/answers")
    def answer(course_id):
        body = request.get_json()
        current = CHALLENGES[len(app.state["answers"])]["id"] if len(app.state["answers"]) < len(CHALLENGES) else None
        if body["challengeId"] != current:
            return error(409, "NOT_CURRENT_CHALLENGE")
        app.state["answers"].append(body)
        return jsonify(status=None, assessment={}), 201

    @app.get("/api/assessments/<course_id>/challenges/<challenge_id>/attachments/<fmt>")
    def attachment(course_id, challenge_id, fmt):
        return Response(b"PK-xlsx", mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # ---- certificates

    @app.get("/api/certification/me/certificates")
    def certificates():
        return jsonify(certificates=[{"id": CERTIFICATE, "verificationCode": "P-AB12CD34", "pix": 312,
                                      "certifiedOn": "2026-12-01", "centerName": "Lycée <Jean> Moulin"}])

    @app.get("/api/certification/certificates/<certificate_id>")
    def certificate(certificate_id):
        if certificate_id != CERTIFICATE:
            return error(404, "CERTIFICATE_NOT_FOUND")
        return jsonify(verificationCode="P-AB12CD34", certifiedPix=312, certifiedOn="2026-12-01",
                       centerName="Lycée <Jean> Moulin", holder={"firstName": "Ana", "lastName": "Lima"},
                       competences=[{"code": "1.1", "title": "Mener une recherche", "areaTitle": "Information",
                                     "level": 3},
                                    {"code": "1.2", "title": "Gérer des données", "areaTitle": "Information",
                                     "level": 0},
                                    {"code": "2.1", "title": "Interagir", "areaTitle": "Communication", "level": 2}])

    @app.get("/api/certification/certificates/<certificate_id>/pdf")
    def certificate_pdf(certificate_id):
        return Response(b"%PDF-1.4 certificate", mimetype="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="certificat-pix.pdf"'})

    # ---- the invigilator

    @app.post("/api/certification/invigilation")
    def open_invigilation():
        body = request.get_json()
        if body.get("accessCode") != CODE or body.get("password") != PASSWORD:
            return error(401, "INVIGILATOR_REFUSED")
        return jsonify(sessionId=SESSION, token=TOKEN, expiresAt="2026-12-03T00:00:00Z"), 201

    @app.get("/api/certification/invigilation/<session_id>")
    def live(session_id):
        return jsonify(sessionId=SESSION, status="created", address="1 rue de la Paix, Paris", room="B12",
                       examiner="M. Martin", date="2026-12-02", time="09:00", description="",
                       candidates=sorted(app.state["candidates"].values(), key=lambda c: c["lastName"]),
                       incidents=app.state["incidents"])

    @app.post("/api/certification/invigilation/<session_id>/candidates/<candidate_id>/<action>")
    def act(session_id, candidate_id, action):
        candidate = app.state["candidates"].get(candidate_id)
        if candidate is None:
            return error(404, "CANDIDATE_NOT_FOUND")
        if action == "authorization":
            if candidate["exam"] not in ("waiting", "started"):
                return error(409, "CANDIDATE_STATE_INVALID")
            candidate.update(exam="authorized", resume=candidate["exam"] == "started")
        elif action == "end":
            candidate["exam"] = "ended"
        return "", 204

    @app.post("/api/certification/invigilation/<session_id>/incidents")
    def incident(session_id):
        body = request.get_json()
        app.state["incidents"].append(body)
        return "", 204

    return app
