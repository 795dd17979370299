"""A certification center's space, for its members (docs/domain.md §6):
/centres-de-certification/<id> shows the center (name, type, address), its members — its
admins invite by e-mail with a role, change roles, remove — and its sessions, with the form
that creates one (the new session's page then shows its access code and invigilator
password). And the invitation's link as mailed
(/centres-de-certification/invitations/<id>?token=…, certification's reactors/center_mails.py):
signed in first, then "Accepter".

Certification checks the membership on every call and answers "not yours" as "does not
exist" (404): the pages show its answer. The blueprint is nested in `web`: `web.centers.*`."""
from __future__ import annotations

import base64
import json
import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from . import api, sessions
from .forms import Form, api_message, looks_like_email
from .i18n import t
from .pages_common import again, error_page, error_status, is_id, kept, page, refused_here, see
from .public_certification_views import CERTIFICATION, ROLES, a_day, absorb_codes, center_shown
from .wording import on

TOKEN = re.compile(r"[A-Za-z0-9_.~-]{1,200}")
NOTICES = {"invited": "center.invited", "role": "center.roleSaved", "removed": "center.removed",
           "joined": "center.joined"}
SESSION_STATUSES = ("created", "finalized", "in_process", "published")
# the session form's fields → the API's (sessions_api DetailsSchema)
SESSION_FIELDS = {"sessionAddress": "address", "sessionRoom": "room", "sessionExaminer": "examiner",
                  "sessionDate": "date", "sessionTime": "time", "sessionDescription": "description"}
SESSION_REQUIRED = ("sessionAddress", "sessionRoom", "sessionExaminer", "sessionDate", "sessionTime")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
DESCRIPTION_MAX = 2000


def _is_token(value: str) -> bool:
    return TOKEN.fullmatch(value) is not None


def me() -> str | None:
    """The signed-in person's id, the access token's `sub` read without checking its signature
    (as sessions.claimed_roles reads the roles): only to mark "you" among the members and offer
    to leave; certification checks the token on every call."""
    token = (sessions.current() or {}).get("accessToken")
    payload = token.split(".")[1] if isinstance(token, str) and token.count(".") == 2 else ""
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return None
    sub = claims.get("sub") if isinstance(claims, dict) else None
    return sub if isinstance(sub, str) else None


def center(center_id: str) -> api.Answer:
    return api.authorized("GET", f"{CERTIFICATION}/centers/{center_id}")


@page(path={"center_id": is_id})
def space(center_id: str):
    head = center(center_id)
    if not head.ok:
        return refused_here(head)
    shown = kept()
    listed = api.authorized("GET", f"{CERTIFICATION}/centers/{center_id}/sessions")
    if not listed.ok:
        return refused_here(listed)
    details = center_shown({**head.body, "id": center_id})
    mine = me()
    members = [{"id": str(m["userId"]), "role": m.get("role") if m.get("role") in ROLES else "",
                "me": m["userId"] == mine}
               for m in head.body.get("members") or []
               if isinstance(m, dict) and isinstance(m.get("userId"), str) and is_id(m["userId"])]
    invitations = [{"email": str(i.get("email") or ""), "role": i.get("role") if i.get("role") in ROLES else "",
                    "expires": on(i.get("expiresAt")) or ""}
                   for i in head.body.get("invitations") or [] if isinstance(i, dict)]
    key = NOTICES.get(request.args.get("info", ""))
    return render_template("center_space.html", center=details, members=members, invitations=invitations,
                           sessions=[s for s in (session_row(r) for r in listed.body.get("sessions") or []
                                                 if isinstance(r, dict)) if s["id"]],
                           roles=ROLES, invite=shown.form("invite"), change=shown.form("change"),
                           session=shown.form("session"), description_max=DESCRIPTION_MAX,
                           notice=t(key) if key else None), shown.status


def session_row(raw: dict[str, Any]) -> dict[str, Any]:
    session_id, status = raw.get("id"), raw.get("status")
    return {"id": session_id if isinstance(session_id, str) and is_id(session_id) else None,
            "date": a_day(raw.get("date")), "time": str(raw.get("time") or ""),
            "address": str(raw.get("address") or ""), "room": str(raw.get("room") or ""),
            "examiner": str(raw.get("examiner") or ""), "status": status if status in SESSION_STATUSES else "",
            "candidates": raw.get("candidates") if isinstance(raw.get("candidates"), int) else 0}


def read_session_form() -> Form:
    """The session's details as typed, checked as the API checks them."""
    form = Form.read(*(n for n in SESSION_FIELDS if n != "sessionDescription"))
    form.values["sessionDescription"] = request.form.get("sessionDescription", "")[:DESCRIPTION_MAX + 1].strip()
    form.require(*SESSION_REQUIRED)
    if form.values["sessionDate"] and "sessionDate" not in form.errors and not DATE.fullmatch(
            form.values["sessionDate"]):
        form.add("sessionDate", t("session.error.date"))
    if form.values["sessionTime"] and "sessionTime" not in form.errors and not TIME.fullmatch(
            form.values["sessionTime"]):
        form.add("sessionTime", t("session.error.time"))
    if len(form.values["sessionDescription"]) > DESCRIPTION_MAX:
        form.add("sessionDescription", t("centerRequest.error.TOO_LONG"))
    return form


def session_body(form: Form) -> dict[str, str]:
    return {wire: form.values[name] for name, wire in SESSION_FIELDS.items()}


def absorb_session(form: Form, answer: api.Answer) -> None:
    absorb_codes(form, answer, {wire: name for name, wire in SESSION_FIELDS.items()}, "centerRequest.error.")


@page(path={"center_id": is_id})
def create_session(center_id: str):
    form = read_session_form()
    if not form.valid:
        return again("web.centers.space", 422, {"session": form}, center_id=center_id)
    answer = api.authorized("POST", f"{CERTIFICATION}/centers/{center_id}/sessions", session_body(form))
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    session_id = answer.body.get("id") if answer.ok else None
    if not answer.ok or not isinstance(session_id, str) or not is_id(session_id):
        absorb_session(form, answer) if not answer.ok else form.summary.append(t("error.unexpected"))
        return again("web.centers.space", error_status(answer) if not answer.ok else 503, {"session": form},
                     center_id=center_id)
    return see("web.center_sessions.session", session_id=session_id, info="created")


@page(path={"center_id": is_id})
def invite(center_id: str):
    form = Form.read("email", "role").require("email")
    if form.values["email"] and "email" not in form.errors and not looks_like_email(form.values["email"]):
        form.add("email", t("error.email"))
    if form.values["role"] not in ROLES:
        form.add("role", t("members.error.role"))
    if not form.valid:
        return again("web.centers.space", 422, {"invite": form}, center_id=center_id)
    answer = api.authorized("POST", f"{CERTIFICATION}/centers/{center_id}/invitations", form.values)
    if not answer.ok:
        return _refusal(answer, center_id, "invite", form, ("email", "role"))
    return see("web.centers.space", center_id=center_id, info="invited")


@page(path={"center_id": is_id, "user_id": is_id})
def change_role(center_id: str, user_id: str):
    role = request.form.get("role", "")
    if role not in ROLES:
        form = Form()
        form.summary.append(t("members.error.role"))
        return again("web.centers.space", 422, {"change": form}, center_id=center_id)
    answer = api.authorized("PATCH", f"{CERTIFICATION}/centers/{center_id}/members/{user_id}", {"role": role})
    if not answer.ok:
        return _refusal(answer, center_id, "change", Form(), ())
    return see("web.centers.space", center_id=center_id, info="role")


@page(path={"center_id": is_id, "user_id": is_id})
def remove(center_id: str, user_id: str):
    answer = api.authorized("DELETE", f"{CERTIFICATION}/centers/{center_id}/members/{user_id}")
    if not answer.ok:
        return _refusal(answer, center_id, "change", Form(), ())
    if user_id == me():  # left the center: its page is no longer theirs
        return see("web.center_public.centers", info="left")
    return see("web.centers.space", center_id=center_id, info="removed")


def _refusal(answer: api.Answer, center_id: str, name: str, form: Form, known: tuple[str, ...]):
    """Certification's refusal next to the form (the last admin kept…); a page of its own
    when there is no form to show it by (401, 404; 403: not an admin of the center)."""
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    form.absorb(answer, known)
    return again("web.centers.space", error_status(answer), {name: form}, center_id=center_id)


def _invitation(invitation_id: str, token: str) -> api.Answer:
    return api.authorized("GET", f"{CERTIFICATION}/invitations/{invitation_id}?{urlencode({'token': token})}")


@page(path={"invitation_id": is_id}, query={"token": _is_token})
def invitation(invitation_id: str):
    token = request.args.get("token", "")
    if not token:
        return error_page(t("center.invitation.broken"), 404)
    answer = _invitation(invitation_id, token)
    if not answer.ok:
        return refused_here(answer)
    role = answer.body.get("role")
    return render_template("center_invitation.html", invitation_id=invitation_id, token=token,
                           name=str(answer.body.get("name") or ""),
                           role=t(f"center.invitation.as.{role}") if role in ROLES else "")


@page(path={"invitation_id": is_id})
def accept(invitation_id: str):
    token = request.form.get("token", "")
    if not _is_token(token):
        return error_page(t("center.invitation.broken"), 404)
    answer = api.authorized("POST", f"{CERTIFICATION}/invitations/{invitation_id}/acceptance", {"token": token})
    if not answer.ok:
        return refused_here(answer) if answer.status == 401 else error_page(api_message(answer), error_status(answer))
    center_id: Any = answer.body.get("centerId")
    if not isinstance(center_id, str) or not is_id(center_id):
        return see("web.center_public.centers")
    return see("web.centers.space", center_id=center_id, info="joined")


def blueprint() -> Blueprint:
    bp = Blueprint("centers", __name__)
    bp.add_url_rule("/centres-de-certification/<center_id>", "space", space, methods=["GET"])
    bp.add_url_rule("/centres-de-certification/<center_id>/sessions", "create_session", create_session,
                    methods=["POST"])
    bp.add_url_rule("/centres-de-certification/<center_id>/membres/invitation", "invite", invite, methods=["POST"])
    bp.add_url_rule("/centres-de-certification/<center_id>/membres/<user_id>/role", "change_role", change_role,
                    methods=["POST"])
    bp.add_url_rule("/centres-de-certification/<center_id>/membres/<user_id>/retrait", "remove", remove,
                    methods=["POST"])
    bp.add_url_rule("/centres-de-certification/invitations/<invitation_id>", "invitation", invitation,
                    methods=["GET"])
    bp.add_url_rule("/centres-de-certification/invitations/<invitation_id>", "accept", accept, methods=["POST"])
    return bp
