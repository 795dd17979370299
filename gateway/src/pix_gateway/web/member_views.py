"""An organization's members (/organisations/<id>/membres): who they are and their role;
for its admins, the pending invitations and the forms to invite by e-mail with a role,
change a role, remove a member (sharing keeps the last admin: its refusal is shown on the
page). And the invitation's link as mailed (/organisations/invitation/<id>?jeton=…):
signed in first (the sign-in page comes back to it), then "Accepter".

The blueprint is nested in `web`: endpoints `web.members.*`."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request

from . import api
from .forms import Form, api_message, looks_like_email
from .i18n import t
from .organization_views import ORGANIZATIONS_PATH, organization, organization_shown
from .pages_common import again, error_page, error_status, is_id, kept, page, refused_here, see
from .wording import on

ROLES = ("ADMIN", "MEMBER")
TOKEN = re.compile(r"[A-Za-z0-9_.~-]{1,200}")
NOTICES = {"invited": "members.invited", "role": "members.roleSaved", "removed": "members.removed"}


def _is_token(value: str) -> bool:
    return TOKEN.fullmatch(value) is not None


@page(path={"org_id": is_id})
def members(org_id: str):
    head = organization(org_id)
    if not head.ok:
        return refused_here(head)
    answer = api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}/members")
    if not answer.ok:
        return refused_here(answer)
    shown = kept()
    people = [{"id": str(m["userId"]), "lastName": str(m.get("lastName") or ""),
               "firstName": str(m.get("firstName") or ""), "role": m.get("role") if m.get("role") in ROLES else ""}
              for m in answer.body.get("members") or []
              if isinstance(m, dict) and isinstance(m.get("userId"), str) and is_id(m["userId"])]
    invitations = [{"email": str(i.get("email") or ""), "role": i.get("role") if i.get("role") in ROLES else "",
                    "expires": on(i.get("expiresAt")) or ""}
                   for i in answer.body.get("invitations") or [] if isinstance(i, dict)]
    key = NOTICES.get(request.args.get("info", ""))
    return render_template("members.html", org=organization_shown(head.body, org_id), members=people,
                           invitations=invitations, roles=ROLES, invite=shown.form("invite"),
                           change=shown.form("change"), notice=t(key) if key else None), shown.status


@page(path={"org_id": is_id})
def invite(org_id: str):
    form = Form.read("email", "role").require("email")
    if form.values["email"] and "email" not in form.errors and not looks_like_email(form.values["email"]):
        form.add("email", t("error.email"))
    if form.values["role"] not in ROLES:
        form.add("role", t("members.error.role"))
    if not form.valid:
        return again("web.members.members", 422, {"invite": form}, org_id=org_id)
    answer = api.authorized("POST", f"{ORGANIZATIONS_PATH}/{org_id}/invitations", form.values)
    if not answer.ok:
        return _refusal(answer, org_id, "invite", form, ("email", "role"))
    return see("web.members.members", org_id=org_id, info="invited")


@page(path={"org_id": is_id, "user_id": is_id})
def change_role(org_id: str, user_id: str):
    role = request.form.get("role", "")
    if role not in ROLES:
        form = Form()
        form.summary.append(t("members.error.role"))
        return again("web.members.members", 422, {"change": form}, org_id=org_id)
    answer = api.authorized("PATCH", f"{ORGANIZATIONS_PATH}/{org_id}/members/{user_id}", {"role": role})
    if not answer.ok:
        return _refusal(answer, org_id, "change", Form(), ())
    return see("web.members.members", org_id=org_id, info="role")


@page(path={"org_id": is_id, "user_id": is_id})
def remove(org_id: str, user_id: str):
    answer = api.authorized("DELETE", f"{ORGANIZATIONS_PATH}/{org_id}/members/{user_id}")
    if not answer.ok:
        return _refusal(answer, org_id, "change", Form(), ())
    return see("web.members.members", org_id=org_id, info="removed")


def _refusal(answer: api.Answer, org_id: str, name: str, form: Form, known: tuple[str, ...]):
    """Sharing's refusal next to the form (the last admin kept, an address already a
    member…); a page of its own when there is no form to show it by (401, 403, 404)."""
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    form.absorb(answer, known)
    return again("web.members.members", error_status(answer), {name: form}, org_id=org_id)


@page(login=False, path={"org_id": is_id})
def back_to_members(org_id: str, **_: str):
    """A form's address opened with GET (the language switch after an error): the members."""
    return see("web.members.members", org_id=org_id)


def _invitation(invitation_id: str, token: str) -> api.Answer:
    return api.authorized("GET", f"{ORGANIZATIONS_PATH}/invitations/{invitation_id}?{urlencode({'token': token})}")


@page(path={"invitation_id": is_id}, query={"jeton": _is_token})
def invitation(invitation_id: str):
    token = request.args.get("jeton", "")
    if not token:
        return error_page(t("members.invitation.broken"), 404)
    answer = _invitation(invitation_id, token)
    if not answer.ok:
        return refused_here(answer)
    role = answer.body.get("role")
    return render_template("invitation.html", invitation_id=invitation_id, token=token,
                           name=str(answer.body.get("displayName") or ""),
                           role=t(f"members.invitation.as.{role}") if role in ROLES else "")


@page(path={"invitation_id": is_id})
def accept(invitation_id: str):
    token = request.form.get("jeton", "")
    if not _is_token(token):
        return error_page(t("members.invitation.broken"), 404)
    answer = api.authorized("POST", f"{ORGANIZATIONS_PATH}/invitations/{invitation_id}/accept", {"token": token})
    if not answer.ok:
        return refused_here(answer) if answer.status == 401 else error_page(api_message(answer), error_status(answer))
    org_id: Any = answer.body.get("organizationId")
    if not isinstance(org_id, str) or not is_id(org_id):
        return see("web.organizations.organizations")
    return see("web.organizations.space", org_id=org_id, info="joined")


def blueprint() -> Blueprint:
    bp = Blueprint("members", __name__)
    bp.add_url_rule("/organisations/<org_id>/membres", "members", members, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/membres/invitation", "invite", invite, methods=["POST"])
    bp.add_url_rule("/organisations/<org_id>/membres/<user_id>/role", "change_role", change_role, methods=["POST"])
    bp.add_url_rule("/organisations/<org_id>/membres/<user_id>/retrait", "remove", remove, methods=["POST"])
    bp.add_url_rule("/organisations/<org_id>/membres/invitation", "invite_form", back_to_members, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/membres/<user_id>/<action>", "member_form", back_to_members,
                    methods=["GET"])
    bp.add_url_rule("/organisations/invitation/<invitation_id>", "invitation", invitation, methods=["GET"])
    bp.add_url_rule("/organisations/invitation/<invitation_id>", "accept", accept, methods=["POST"])
    return bp
