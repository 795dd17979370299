"""A small fake of certification's centers, sessions and results API (services/certification
entrypoints: centers_api, sessions_api, results_api), served over loopback like the real
service, for the certification centers' pages. People sign in through test_admin_page's
identity fake, whose tokens say who calls and with which platform roles. The fake keeps its
state in memory and logs each call (method, path, query, JSON body, language, whether a token
came); `app.config["ANSWERS"]` maps "METHOD /path" to a (status, body) that replaces the answer."""
from __future__ import annotations

import base64
import uuid

from flask import Flask, Response, jsonify, request

MESSAGES = {
    "INVALID_ACCREDITATION_REQUEST": {"fr": "Certaines informations de la demande sont manquantes ou incorrectes.",
                                      "en": "Some of the request's details are missing or wrong."},
    "CENTER_NOT_FOUND": {"fr": "Ce centre de certification n'existe pas ou vous n'en êtes pas membre.",
                         "en": "This certification center does not exist or you are not one of its members."},
    "SESSION_NOT_FOUND": {"fr": "Cette session n'existe pas ou vous n'y avez pas accès.",
                          "en": "This session does not exist or you have no access to it."},
    "LAST_CENTER_ADMIN": {"fr": "Le centre doit garder au moins un administrateur.",
                          "en": "The center must keep at least one administrator."},
    "FORBIDDEN": {"fr": "Accès refusé.", "en": "Access denied."},
    "INVALID_CANDIDATE": {"fr": "Certaines informations du candidat sont manquantes ou incorrectes.",
                          "en": "Some of the candidate's details are missing or wrong."},
    "CANDIDATE_IMPORT_REJECTED": {
        "fr": "La liste n'a pas été importée : corrigez les lignes signalées et importez-la de nouveau.",
        "en": "The list was not imported: correct the lines shown and import it again."},
    "CANDIDATE_FILE_UNSUPPORTED": {"fr": "Importez un fichier .ods, .xlsx ou .csv.",
                                   "en": "Please import an .ods, .xlsx or .csv file."},
    "CENTER_INVITATION_USED": {"fr": "Cette invitation a déjà été utilisée.",
                               "en": "This invitation has already been used."},
    "CENTER_INVITATION_NOT_FOUND": {"fr": "Cette invitation n'existe pas.", "en": "This invitation does not exist."},
    "DECLINE_REASON_REQUIRED": {"fr": "Indiquez la raison du refus.", "en": "Please give the reason for declining."},
    "SESSION_STATUS_INVALID": {"fr": "Cette étape n'est pas possible dans l'état actuel de la session.",
                               "en": "This step is not possible in the session's current state."},
    "CANDIDATES_UNACCOUNTED": {
        "fr": "Avant de finaliser, indiquez pour chaque candidat s'il a terminé son test ou s'il était absent.",
        "en": "Before finalizing, say for each candidate whether they finished their test or were absent."},
    "CERTIFICATE_NOT_FOUND": {"fr": "Aucun certificat ne correspond à ce code. Vérifiez-le : il commence par P- "
                                    "suivi de 8 caractères.",
                              "en": "No certificate matches this code. Check it: it starts with P- followed by "
                                    "8 characters."},
    "INVALID_TOKEN": {"fr": "jeton refusé", "en": "token refused"},
}
PUBLIC = {("POST", "/api/certification/accreditation-requests")}
REQUIRED_REQUEST = ("institutionName", "institutionType", "address", "contactName", "contactEmail", "message")
CANDIDATE_REQUIRED = ("lastName", "firstName", "sex", "birthDate", "birthCity", "birthCountry", "email",
                      "billingMode")
TEMPLATE = b"PK\x03\x04 a spreadsheet"


def fake_certification(identity: Flask) -> Flask:
    app = Flask("fake_certification")
    app.config["ANSWERS"] = {}
    app.calls = []
    app.centers, app.members, app.invitations, app.sessions = {}, {}, {}, {}
    app.requests, app.certificates = {}, {}

    def lang() -> str:
        return "en" if request.headers.get("Accept-Language") == "en" else "fr"

    def error(status, code, details=None):
        return jsonify(code=code, message=MESSAGES.get(code, {}).get(lang(), "refusé"), details=details or {}), status

    def caller():
        grant = identity.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        return identity.users.get(grant["email"]) if grant else None

    def roles():
        grant = identity.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer ")) or {}
        return grant.get("roles", [])

    @app.before_request
    def log_and_check():
        app.calls.append((request.method, request.path, request.query_string.decode(),
                          request.get_json(silent=True), request.headers.get("Accept-Language"),
                          bool(request.headers.get("Authorization"))))
        public = (request.method, request.path) in PUBLIC or request.path.startswith(
            "/api/certification/verification/")
        if not public and caller() is None:
            return error(401, "INVALID_TOKEN")
        replaced = app.config["ANSWERS"].get(f"{request.method} {request.path}")
        if replaced:
            status, body = replaced
            return jsonify(body), status
        return None

    def role_in(center_id):
        return app.members.get(center_id, {}).get(caller()["id"])

    def add_center(name="Lycée Condorcet", kind="SCHOOL", address="8 rue du Havre, Paris"):
        center = {"id": str(uuid.uuid4()), "name": name, "type": kind, "address": address}
        app.centers[center["id"]] = center
        app.members[center["id"]] = {}
        return center

    def add_session(center_id, status="created", **details):
        session = {"id": str(uuid.uuid4()), "centerId": center_id, "status": status, "address": "8 rue du Havre",
                   "room": "B12", "examiner": "M. Surveillant", "date": "2026-12-14", "time": "09:30",
                   "description": "", "accessCode": "KX7P2Q", "invigilatorPassword": "8Z3M6TQA",
                   "examinerComment": None, "candidates": {}, **details}
        app.sessions[session["id"]] = session
        return session

    def add_candidate(session, **fields):
        candidate = {"id": str(uuid.uuid4()), "lastName": "Durand", "firstName": "Élise", "birthDate": "2008-05-17",
                     "extraTimePercentage": None, "joined": False, "exam": None, "absent": False, **fields}
        session["candidates"][candidate["id"]] = candidate
        return candidate

    def invite(center_id, email, role):
        invitation = {"id": str(uuid.uuid4()), "centerId": center_id, "email": email, "role": role,
                      "token": uuid.uuid4().hex, "expiresAt": "2026-12-09T09:00:00Z", "used": False}
        app.invitations[invitation["id"]] = invitation
        return invitation

    app.add_center, app.add_session, app.add_candidate, app.invite = add_center, add_session, add_candidate, invite

    # --- accreditation requests ----------------------------------------------------------
    @app.post("/api/certification/accreditation-requests")
    def request_accreditation():
        body = request.get_json()
        bad = {name: "REQUIRED" for name in REQUIRED_REQUEST if not (body.get(name) or "").strip()}
        if body.get("phone") and not body["phone"].replace(" ", "").isdigit():
            bad["phone"] = "INVALID_PHONE"
        if bad:
            return error(422, "INVALID_ACCREDITATION_REQUEST", bad)
        request_id = str(uuid.uuid4())
        app.requests[request_id] = {"id": request_id, **body, "requestedAt": "2026-12-01T09:00:00Z"}
        return jsonify(id=request_id), 201

    @app.get("/api/certification/accreditation-requests")
    def pending_requests():
        if "CERTIF" not in roles():
            return error(403, "FORBIDDEN")
        return jsonify(requests=[r for r in app.requests.values() if "decision" not in r])

    @app.put("/api/certification/accreditation-requests/<request_id>/decision")
    def decide(request_id):
        if "CERTIF" not in roles():
            return error(403, "FORBIDDEN")
        body = request.get_json()
        if body["decision"] == "DECLINED" and not body.get("reason"):
            return error(422, "DECLINE_REASON_REQUIRED")
        app.requests[request_id]["decision"] = body
        return jsonify(requestId=request_id, status=body["decision"], centerId=None)

    # --- centers and members ---------------------------------------------------------------
    @app.get("/api/certification/me/centers")
    def my_centers():
        return jsonify(centers=[{**c, "role": role_in(c["id"])} for c in app.centers.values() if role_in(c["id"])])

    @app.get("/api/certification/centers/<center_id>")
    def read_center(center_id):
        center = app.centers.get(center_id)
        if center is None or not role_in(center_id):
            return error(404, "CENTER_NOT_FOUND")
        role = role_in(center_id)
        pending = [i for i in app.invitations.values() if i["centerId"] == center_id and not i["used"]]
        return jsonify({**center, "role": role,
                        "members": [{"userId": u, "role": r} for u, r in app.members[center_id].items()],
                        **({"invitations": [{k: i[k] for k in ("id", "email", "role", "expiresAt")} for i in pending]}
                           if role == "ADMIN" else {})})

    @app.post("/api/certification/centers/<center_id>/invitations")
    def invite_member(center_id):
        if not role_in(center_id):
            return error(404, "CENTER_NOT_FOUND")
        if role_in(center_id) != "ADMIN":
            return error(403, "FORBIDDEN")
        body = request.get_json()
        return jsonify(id=invite(center_id, body["email"], body["role"])["id"]), 201

    @app.route("/api/certification/centers/<center_id>/members/<user_id>", methods=["PATCH", "DELETE"])
    def member(center_id, user_id):
        leaves = request.method == "DELETE" and user_id == caller()["id"] and role_in(center_id)
        if role_in(center_id) != "ADMIN" and not leaves:
            return error(404 if not role_in(center_id) else 403, "CENTER_NOT_FOUND")
        admins = [u for u, r in app.members[center_id].items() if r == "ADMIN"]
        leaving = request.method == "DELETE" or request.get_json()["role"] != "ADMIN"
        if leaving and admins == [user_id]:
            return error(409, "LAST_CENTER_ADMIN")
        if request.method == "DELETE":
            app.members[center_id].pop(user_id)
            return "", 204
        app.members[center_id][user_id] = request.get_json()["role"]
        return jsonify(userId=user_id, role=request.get_json()["role"])

    @app.get("/api/certification/invitations/<invitation_id>")
    def invitation(invitation_id):
        found = app.invitations.get(invitation_id)
        if not found or found["token"] != request.args.get("token"):
            return error(404, "CENTER_INVITATION_NOT_FOUND")
        if found["used"]:
            return error(409, "CENTER_INVITATION_USED")
        return jsonify(centerId=found["centerId"], name=app.centers[found["centerId"]]["name"], role=found["role"])

    @app.post("/api/certification/invitations/<invitation_id>/acceptance")
    def accept(invitation_id):
        found = app.invitations.get(invitation_id)
        if not found or found["token"] != request.get_json().get("token"):
            return error(404, "CENTER_INVITATION_NOT_FOUND")
        if found["used"]:
            return error(409, "CENTER_INVITATION_USED")
        found["used"] = True
        app.members[found["centerId"]][caller()["id"]] = found["role"]
        return jsonify(centerId=found["centerId"])

    # --- sessions ----------------------------------------------------------------------------
    def summary(session):
        return {**{k: session[k] for k in ("id", "address", "room", "examiner", "date", "time", "status")},
                "candidates": len(session["candidates"])}

    @app.route("/api/certification/centers/<center_id>/sessions", methods=["GET", "POST"])
    def center_sessions(center_id):
        if not role_in(center_id):
            return error(403, "FORBIDDEN")
        if request.method == "GET":
            return jsonify(sessions=[summary(s) for s in app.sessions.values() if s["centerId"] == center_id])
        body = request.get_json()
        session = add_session(center_id, **body)
        return jsonify(id=session["id"], accessCode=session["accessCode"],
                       invigilatorPassword=session["invigilatorPassword"]), 201

    def my_session(session_id):
        session = app.sessions.get(session_id)
        return session if session and role_in(session["centerId"]) else None

    @app.route("/api/certification/sessions/<session_id>", methods=["GET", "PATCH"])
    def read_session(session_id):
        session = my_session(session_id)
        if session is None:
            return error(404, "SESSION_NOT_FOUND")
        if request.method == "PATCH":
            session.update(request.get_json())
            return "", 204
        return jsonify({**session, "candidates": list(session["candidates"].values())})

    @app.post("/api/certification/sessions/<session_id>/candidates")
    def new_candidate(session_id):
        session = my_session(session_id)
        if session is None:
            return error(404, "SESSION_NOT_FOUND")
        body = request.get_json()
        problems = [{"field": _snake(name), "code": "REQUIRED"} for name in CANDIDATE_REQUIRED if not body.get(name)]
        if body.get("extraTimePercentage") and body["extraTimePercentage"] not in ("10", "25", "33"):
            problems.append({"field": "extra_time_percentage", "code": "OUT_OF_RANGE"})
        if problems:
            return error(422, "INVALID_CANDIDATE", {"problems": problems})
        app.last_candidate = body
        candidate = add_candidate(session, **{k: body[k] for k in ("lastName", "firstName", "birthDate")})
        return jsonify(id=candidate["id"]), 201

    @app.delete("/api/certification/sessions/<session_id>/candidates/<candidate_id>")
    def delete_candidate(session_id, candidate_id):
        session = my_session(session_id)
        if session is None:
            return error(404, "SESSION_NOT_FOUND")
        session["candidates"].pop(candidate_id)
        return "", 204

    @app.post("/api/certification/sessions/<session_id>/candidates/import")
    def import_candidates(session_id):
        session = my_session(session_id)
        if session is None:
            return error(404, "SESSION_NOT_FOUND")
        body = request.get_json()
        content = base64.b64decode(body["content"])
        app.last_import = (body["fileName"], content)
        if not body["fileName"].endswith((".csv", ".xlsx", ".ods")):
            return error(415, "CANDIDATE_FILE_UNSUPPORTED")
        if b"bad" in content:
            return error(422, "CANDIDATE_IMPORT_REJECTED", {"problems": [
                {"line": 1, "field": "billing_mode", "code": "MISSING_COLUMN"},
                {"line": 3, "field": "birth_date", "code": "NOT_A_DATE"},
                {"line": 4, "field": "sex", "code": "UNKNOWN_VALUE"},
                {"line": 5, "field": "last_name", "code": "DUPLICATE", "first_line": 3}]})
        add_candidate(session, lastName="Importé", firstName="Ian")
        return jsonify(imported=1), 201

    @app.get("/api/certification/candidate-templates/<fmt>")
    def template(fmt):
        return Response(TEMPLATE, mimetype="application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="liste-candidats.{fmt}"'})

    @app.post("/api/certification/sessions/<session_id>/finalization")
    def finalize(session_id):
        session = my_session(session_id)
        if session is None:
            return error(404, "SESSION_NOT_FOUND")
        app.last_finalization = request.get_json()
        session.update(status="finalized", examinerComment=app.last_finalization["examinerComment"])
        return "", 204

    # --- publication -------------------------------------------------------------------------
    @app.get("/api/certification/admin/sessions")
    def awaiting():
        if "CERTIF" not in roles():
            return error(403, "FORBIDDEN")
        return jsonify(sessions=[{"id": s["id"], "centerId": s["centerId"],
                                  "centerName": app.centers[s["centerId"]]["name"], "date": s["date"],
                                  "time": s["time"], "room": s["room"], "address": s["address"],
                                  "candidates": len(s["candidates"])}
                                 for s in app.sessions.values() if s["status"] == "in_process"])

    @app.post("/api/certification/admin/sessions/<session_id>/publication")
    def publish(session_id):
        if "CERTIF" not in roles():
            return error(403, "FORBIDDEN")
        session = app.sessions.get(session_id)
        if session is None or session["status"] != "in_process":
            return error(409, "SESSION_STATUS_INVALID")
        session["status"] = "published"
        return "", 204

    @app.get("/api/certification/verification/<code>")
    def verify(code):
        found = app.certificates.get(code)
        return jsonify(found) if found else error(404, "CERTIFICATE_NOT_FOUND")

    return app


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
