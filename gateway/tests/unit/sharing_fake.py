"""A small fake of sharing's HTTP API (docs: the issue 11 spec), served over loopback like
the real service, and of the two assessment paths the sharing pages read (the framework,
a campaign's test). People sign in through test_admin_page's identity fake, whose tokens
say who calls. The fake keeps state in memory and logs each call (method, path, query,
JSON body, language); `app.config["ANSWERS"]` maps "METHOD /path" to a (status, body)
that replaces the answer, for refusals and odd bodies."""
from __future__ import annotations

import uuid

from flask import Flask, Response, jsonify, request

UNKNOWN_CODE = {"fr": "Ce code ne correspond à aucune organisation.",
                "en": "This code does not match any organization."}
MESSAGES = {
    "ORGANIZATION_CODE_UNKNOWN": UNKNOWN_CODE,
    "ORGANIZATION_NOT_FOUND": {"fr": "Cette organisation n'existe pas.", "en": "This organization does not exist."},
    "STUDENT_NUMBER_REQUIRED": {"fr": "Votre numéro d'étudiant n'est pas renseigné.",
                                "en": "Your student number is missing."},
    "LAST_ADMIN": {"fr": "Une organisation garde au moins un administrateur.",
                   "en": "An organization keeps at least one administrator."},
    "CAMPAIGN_CODE_UNKNOWN": {"fr": "Votre code est erroné, veuillez vérifier ou contacter l'organisateur.",
                              "en": "Your code is wrong; please check it or contact the organizer."},
    "CAMPAIGN_NOT_FOUND": {"fr": "Cette campagne n'existe pas.", "en": "This campaign does not exist."},
    "INVITATION_NOT_FOUND": {"fr": "Cette invitation n'existe pas.", "en": "This invitation does not exist."},
    "INVITATION_USED": {"fr": "Cette invitation a déjà servi.", "en": "This invitation has been used."},
    "FORBIDDEN": {"fr": "Accès refusé.", "en": "Access denied."},
    "NOT_COMPLETED": {"fr": "Le test n'est pas terminé.", "en": "The test is not over."},
    "RETRY_TOO_EARLY": {"fr": "Trop tôt pour retenter.", "en": "Too early to retry."},
}
FRAMEWORK = {"version": "t", "areas": [
    {"code": "1", "title": "Information et données", "competences": [
        {"code": "1.1", "title": "Mener une recherche",
         "tubes": [{"name": "moteur", "title": "Moteurs", "skills": [1, 2]}]},
        {"code": "1.2", "title": "Gérer des données", "tubes": []}]},
    {"code": "2", "title": "Communication et collaboration", "competences": [
        {"code": "2.1", "title": "Interagir", "tubes": [{"name": "etiquette", "title": "Usages", "skills": [1]}]}]}]}
PROFILE = {"totalPix": 52, "profilePercent": 12, "certifiableCompetences": 1, "updatedAt": "2026-11-30T10:00:00Z",
           "competences": [{"code": "1.1", "level": 3, "pix": 30}, {"code": "2.1", "level": 2, "pix": 22},
                           {"code": "1.2", "level": 0, "pix": 0}]}


def fake_sharing(identity: Flask) -> Flask:
    app = Flask("fake_sharing")
    app.config["ANSWERS"] = {}
    app.calls = []
    app.orgs, app.members, app.invitations, app.shares = {}, {}, {}, []
    app.campaigns, app.participations, app.tests = {}, {}, {}

    def lang() -> str:
        return "en" if request.headers.get("Accept-Language") == "en" else "fr"

    def error(status, code):
        return jsonify(code=code, message=MESSAGES.get(code, {}).get(lang(), "refusé"), details={}), status

    def caller():
        grant = identity.tokens.get(request.headers.get("Authorization", "").removeprefix("Bearer "))
        return identity.users.get(grant["email"]) if grant else None

    @app.before_request
    def log_and_check():
        app.calls.append((request.method, request.path, request.query_string.decode(),
                          request.get_json(silent=True), request.headers.get("Accept-Language")))
        if request.path == "/api/framework":
            return None
        if caller() is None:
            return error(401, "INVALID_TOKEN")
        replaced = app.config["ANSWERS"].get(f"{request.method} {request.path}")
        if replaced:
            status, body = replaced
            return jsonify(body), status
        return None

    def role_in(org_id):
        return app.members.get(org_id, {}).get(caller()["id"])

    def member_of(org_id):
        """The organization when the caller is a member (or a platform admin), else None."""
        org = app.orgs.get(org_id)
        admin = "SUPER_ADMIN" in caller().get("roles", [])
        return org if org and (role_in(org_id) or admin) else None

    def org_view(org):
        return {"id": org["id"], "displayName": org["displayName"], "type": org["type"], "code": org["code"],
                "role": role_in(org["id"])}

    def add_org(name, kind, code, admin_email=None):
        org = {"id": str(uuid.uuid4()), "displayName": name, "type": kind, "code": code,
               "createdAt": "2026-12-01T09:00:00Z"}
        app.orgs[org["id"]] = org
        app.members[org["id"]] = {}
        if admin_email:
            invite(org["id"], admin_email, "ADMIN")
        return org

    def invite(org_id, email, role):
        invitation = {"id": str(uuid.uuid4()), "organizationId": org_id, "email": email, "role": role,
                      "token": uuid.uuid4().hex, "status": "PENDING", "expiresAt": "2026-12-09T09:00:00Z"}
        app.invitations[invitation["id"]] = invitation
        return invitation

    app.add_org, app.invite = add_org, invite

    @app.get("/api/framework")
    def framework():
        return jsonify(FRAMEWORK)

    # --- organizations ---------------------------------------------------------------
    @app.route("/api/organizations", methods=["GET", "POST"])
    def organizations():
        if "SUPER_ADMIN" not in caller().get("roles", []):
            return error(403, "FORBIDDEN")
        if request.method == "GET":
            return jsonify(organizations=[{k: o[k] for k in ("id", "displayName", "type", "code", "createdAt")}
                                          for o in app.orgs.values()])
        body = request.get_json()
        org = add_org(body["displayName"], body["type"], f"NEWO-{2222 + len(app.orgs)}", body["adminEmail"])
        return jsonify(id=org["id"], displayName=org["displayName"], type=org["type"], code=org["code"]), 201

    @app.get("/api/organizations/mine")
    def mine():
        return jsonify(organizations=[org_view(o) for o in app.orgs.values() if role_in(o["id"])])

    @app.get("/api/organizations/by-code/<code>")
    def by_code(code):
        org = next((o for o in app.orgs.values() if o["code"] == code), None)
        if org is None:
            return error(404, "ORGANIZATION_CODE_UNKNOWN")
        return jsonify(id=org["id"], displayName=org["displayName"], type=org["type"])

    @app.get("/api/organizations/<org_id>")
    def organization(org_id):
        org = member_of(org_id)
        return jsonify(org_view(org)) if org else error(404, "ORGANIZATION_NOT_FOUND")

    @app.get("/api/organizations/<org_id>/members")
    def members(org_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        users = {u["id"]: u for u in identity.users.values()}
        listed = [{"userId": uid, "firstName": users[uid]["firstName"], "lastName": users[uid]["lastName"],
                   "role": role} for uid, role in app.members[org_id].items()]
        pending = [{"id": i["id"], "email": i["email"], "role": i["role"], "expiresAt": i["expiresAt"]}
                   for i in app.invitations.values() if i["organizationId"] == org_id and i["status"] == "PENDING"]
        return jsonify(members=listed, **({"invitations": pending} if role_in(org_id) == "ADMIN" else {}))

    @app.post("/api/organizations/<org_id>/invitations")
    def invitations(org_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        if role_in(org_id) != "ADMIN":
            return error(403, "FORBIDDEN")
        body = request.get_json()
        return jsonify(id=invite(org_id, body["email"], body["role"])["id"]), 201

    @app.get("/api/organizations/invitations/<invitation_id>")
    def invitation(invitation_id):
        found = app.invitations.get(invitation_id)
        if not found or found["token"] != request.args.get("token"):
            return error(404, "INVITATION_NOT_FOUND")
        if found["status"] != "PENDING":
            return error(409, "INVITATION_USED")
        org = app.orgs[found["organizationId"]]
        return jsonify(organizationId=org["id"], displayName=org["displayName"], role=found["role"])

    @app.post("/api/organizations/invitations/<invitation_id>/accept")
    def accept(invitation_id):
        found = app.invitations.get(invitation_id)
        if not found or found["token"] != request.get_json().get("token"):
            return error(404, "INVITATION_NOT_FOUND")
        if found["status"] != "PENDING":
            return error(409, "INVITATION_USED")
        found["status"] = "ACCEPTED"
        app.members[found["organizationId"]][caller()["id"]] = found["role"]
        return jsonify(organizationId=found["organizationId"])

    @app.route("/api/organizations/<org_id>/members/<user_id>", methods=["PATCH", "DELETE"])
    def member(org_id, user_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        if role_in(org_id) != "ADMIN" and user_id != caller()["id"]:
            return error(403, "FORBIDDEN")
        roster = app.members[org_id]
        admins = [uid for uid, role in roster.items() if role == "ADMIN"]
        new_role = request.get_json()["role"] if request.method == "PATCH" else None
        if admins == [user_id] and new_role != "ADMIN":
            return error(409, "LAST_ADMIN")
        if new_role:
            roster[user_id] = new_role
            return jsonify(userId=user_id, role=new_role)
        roster.pop(user_id, None)
        return "", 204

    # --- shares ----------------------------------------------------------------------
    @app.get("/api/shares/preview")
    def preview():
        org = next((o for o in app.orgs.values() if o["code"] == request.args.get("code")), None)
        if org is None:
            return error(404, "ORGANIZATION_CODE_UNKNOWN")
        return jsonify(organization={k: org[k] for k in ("id", "displayName", "type")},
                       studentNumberRequired=org["type"] == "SUP", profile=PROFILE)

    @app.route("/api/shares", methods=["GET", "POST"])
    def shares():
        me = caller()
        if request.method == "GET":
            mine = [s for s in reversed(app.shares) if s["userId"] == me["id"]]
            return jsonify(shares=[{k: s[k] for k in ("shareId", "organizationId", "displayName", "sharedAt",
                                                      "campaignId")} for s in mine])
        body = request.get_json()
        org = next((o for o in app.orgs.values() if o["code"] == body.get("organizationCode")), None)
        if org is None:
            return error(404, "ORGANIZATION_CODE_UNKNOWN")
        if org["type"] == "SUP" and not body.get("studentNumber"):
            return error(422, "STUDENT_NUMBER_REQUIRED")
        campaign_id = None
        if body.get("campaignCode"):
            campaign = next((c for c in app.campaigns.values() if c["code"] == body["campaignCode"]
                             and c["organizationId"] == org["id"]), None)
            if campaign is None:
                return error(404, "CAMPAIGN_CODE_UNKNOWN")
            campaign_id = campaign["id"]
        share = {"shareId": str(uuid.uuid4()), "organizationId": org["id"], "displayName": org["displayName"],
                 "sharedAt": "2026-12-02T13:05:00Z", "campaignId": campaign_id, "userId": me["id"], "body": body}
        app.shares.append(share)
        return jsonify(shareId=share["shareId"], organizationId=org["id"], sharedAt=share["sharedAt"]), 201

    # --- the organization space ---------------------------------------------------------
    @app.get("/api/organizations/<org_id>/profiles")
    def profiles(org_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        rows = app.config.get("ROWS", [])
        size = int(request.args.get("size", "50"))
        return jsonify(rows=rows[:size], total=app.config.get("TOTAL", len(rows)),
                       page=int(request.args.get("page", "1")), pages=app.config.get("PAGES", 1), size=size)

    @app.get("/api/organizations/<org_id>/profiles/<user_id>")
    def snapshot(org_id, user_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        row = next((r for r in app.config.get("ROWS", []) if r["userId"] == user_id), None)
        if row is None:
            return error(404, "SHARED_PROFILE_NOT_FOUND")
        return jsonify({**row, **PROFILE, "history": [{"shareId": "s1", "sharedAt": row["sharedAt"],
                                                       "totalPix": row["totalPix"]}]})

    def export(rows: int):
        def chunks():
            yield "\ufeffNom;Prénom\r\n".encode()
            for n in range(rows):
                yield f"Nom{n};Prénom{n}\r\n".encode()
        return Response(chunks(), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename*=UTF-8''Lyc%C3%A9e-2026-12-02.csv"})

    @app.get("/api/organizations/<org_id>/profiles.<fmt>")
    def profiles_export(org_id, fmt):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        return export(app.config.get("EXPORT_ROWS", 3))

    @app.get("/api/organizations/<org_id>/statistics")
    def statistics(org_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        return jsonify(app.config.get("STATISTICS", {}))

    # --- campaigns ---------------------------------------------------------------------
    @app.route("/api/organizations/<org_id>/campaigns", methods=["GET", "POST"])
    def campaigns(org_id):
        if not member_of(org_id):
            return error(404, "ORGANIZATION_NOT_FOUND")
        if request.method == "GET":
            return jsonify(campaigns=[campaign_view(c) for c in app.campaigns.values()
                                      if c["organizationId"] == org_id])
        body = request.get_json()
        if body["kind"] == "ASSESSMENT" and not body["targetCompetences"] and not body["targetTubes"]:
            return error(422, "TARGET_EMPTY")
        campaign = {**body, "id": str(uuid.uuid4()), "organizationId": org_id, "createdAt": "2026-12-01T10:00:00Z",
                    "code": f"BCDFG{'HJKMP'[len(app.campaigns) % 5]}234"}
        app.campaigns[campaign["id"]] = campaign
        return jsonify(id=campaign["id"], code=campaign["code"]), 201

    def campaign_view(c):
        inside = [p for p in app.participations.values() if p["campaignId"] == c["id"]]
        return {**{k: c[k] for k in ("id", "organizationId", "title", "kind", "code", "targetCompetences",
                                     "targetTubes", "multipleSendings", "createdAt")},
                "participants": len(inside), "shared": sum(p["status"] == "SHARED" for p in inside)}

    def campaign_of_member(campaign_id):
        campaign = app.campaigns.get(campaign_id)
        return campaign if campaign and member_of(campaign["organizationId"]) else None

    @app.get("/api/campaigns/<campaign_id>")
    def campaign(campaign_id):
        found = campaign_of_member(campaign_id)
        return jsonify(campaign_view(found)) if found else error(404, "CAMPAIGN_NOT_FOUND")

    @app.get("/api/campaigns/<campaign_id>/participants")
    def participants(campaign_id):
        if not campaign_of_member(campaign_id):
            return error(404, "CAMPAIGN_NOT_FOUND")
        users = {u["id"]: u for u in identity.users.values()}
        rows = [{"userId": p["userId"], "lastName": users[p["userId"]]["lastName"],
                 "firstName": users[p["userId"]]["firstName"], "studentNumber": p.get("studentNumber"),
                 "startedAt": "2026-12-01T11:00:00Z", "status": p["status"],
                 "sharedAt": "2026-12-01T12:00:00Z" if p["status"] == "SHARED" else None,
                 "masteryRate": (p["result"] or {}).get("masteryRate"),
                 "competences": (p["result"] or {}).get("competences", []), "totalPix": p.get("totalPix"),
                 "certifiableCompetences": None}
                for p in app.participations.values() if p["campaignId"] == campaign_id]
        return jsonify(rows=rows, total=len(rows), page=1, pages=1, size=50)

    @app.get("/api/campaigns/<campaign_id>/results.<fmt>")
    def results(campaign_id, fmt):
        if not campaign_of_member(campaign_id):
            return error(404, "CAMPAIGN_NOT_FOUND")
        return export(2)

    @app.get("/api/campaigns/by-code/<code>")
    def campaign_by_code(code):
        found = next((c for c in app.campaigns.values() if c["code"] == code), None)
        if found is None:
            return error(404, "CAMPAIGN_CODE_UNKNOWN")
        org = app.orgs[found["organizationId"]]
        return jsonify(id=found["id"], title=found["title"], kind=found["kind"],
                       organization={k: org[k] for k in ("id", "displayName", "type")},
                       studentNumberRequired=org["type"] == "SUP")

    @app.route("/api/campaigns/participations", methods=["GET", "POST"])
    def participations():
        me = caller()
        if request.method == "GET":
            return jsonify(participations=[participation_view(p) for p in app.participations.values()
                                           if p["userId"] == me["id"]])
        body = request.get_json()
        found = next((c for c in app.campaigns.values() if c["code"] == body.get("campaignCode")), None)
        if found is None:
            return error(404, "CAMPAIGN_CODE_UNKNOWN")
        if app.orgs[found["organizationId"]]["type"] == "SUP" and not body.get("studentNumber"):
            return error(422, "STUDENT_NUMBER_REQUIRED")
        current = next((p for p in app.participations.values()
                        if p["userId"] == me["id"] and p["campaignId"] == found["id"]), None)
        if current:
            return jsonify(participationId=current["id"], campaignId=found["id"], kind=found["kind"])
        participation = start(found, me, body.get("studentNumber"))
        return jsonify(participationId=participation["id"], campaignId=found["id"], kind=found["kind"]), 201

    def start(campaign, me, student_number=None, attempt=1):
        participation = {"id": str(uuid.uuid4()), "campaignId": campaign["id"], "userId": me["id"],
                         "status": "STARTED", "result": None, "attempt": attempt, "studentNumber": student_number}
        app.participations[participation["id"]] = participation
        return participation

    def participation_view(p):
        c = app.campaigns[p["campaignId"]]
        org = app.orgs[c["organizationId"]]
        return {"participationId": p["id"], "campaignId": c["id"], "title": c["title"], "kind": c["kind"],
                "organization": {k: org[k] for k in ("id", "displayName", "type")}, "status": p["status"],
                "attempt": p["attempt"], "startedAt": "2026-12-01T11:00:00Z", "completedAt": None,
                "sharedAt": "2026-12-01T12:00:00Z" if p["status"] == "SHARED" else None, "result": p["result"],
                "canRetry": p.get("canRetry", False), "retryAt": p.get("retryAt"),
                "profile": PROFILE if c["kind"] == "PROFILES_COLLECTION" else None}

    def own(participation_id):
        found = app.participations.get(participation_id)
        return found if found and found["userId"] == caller()["id"] else None

    @app.get("/api/campaigns/participations/<participation_id>")
    def participation(participation_id):
        found = own(participation_id)
        return jsonify(participation_view(found)) if found else error(404, "PARTICIPATION_NOT_FOUND")

    @app.post("/api/campaigns/participations/<participation_id>/share")
    def share_participation(participation_id):
        found = own(participation_id)
        if not found:
            return error(404, "PARTICIPATION_NOT_FOUND")
        if app.campaigns[found["campaignId"]]["kind"] == "ASSESSMENT" and found["status"] != "TO_SHARE":
            return error(409, "NOT_COMPLETED")
        found["status"] = "SHARED"
        return jsonify(participationId=participation_id)

    @app.post("/api/campaigns/participations/<participation_id>/retry")
    def retry(participation_id):
        found = own(participation_id)
        if not found:
            return error(404, "PARTICIPATION_NOT_FOUND")
        if not found.get("canRetry"):
            return error(409, "RETRY_TOO_EARLY")
        new = start(app.campaigns[found["campaignId"]], caller(), attempt=found["attempt"] + 1)
        return jsonify(participationId=new["id"]), 201

    # --- assessment: a campaign's test (app.tests: participation id → "started" | "completed")
    @app.get("/api/assessments/<assessment_id>")
    def test(assessment_id):
        state = app.tests.get(assessment_id)
        if state is None:
            return error(404, "ASSESSMENT_NOT_FOUND")
        challenge = None if state == "completed" else {
            "id": "c-1", "type": "QROC", "instruction": "Une question de campagne ?", "proposals": [], "fields": [],
            "timer": None, "illustrationAlt": None, "attachments": []}
        return jsonify(id=assessment_id, kind="campaign", state=state, competenceCode=None, competenceTitle=None,
                       progress={"answered": 0, "checkpointEvery": 5}, challenge=challenge, checkpoint=None,
                       result=None, review=[])

    @app.get("/api/assessments/competences")
    def competences():
        return jsonify(totalPix=52, maxLevel=5, competences=[
            {"code": "1.1", "title": "Mener une recherche", "areaCode": "1", "areaTitle": "Information",
             "level": 3, "pix": 30, "evaluated": True},
            {"code": "2.1", "title": "Interagir", "areaCode": "2", "areaTitle": "Communication", "level": 2,
             "pix": 22, "evaluated": True}])

    return app
