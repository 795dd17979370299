"""The admin space, /administration: find an account by its e-mail address, see it, give
or take its platform roles (SUPER_ADMIN only), anonymize it (SUPER_ADMIN or SUPPORT).

Identity decides: it checks the caller's token and roles on every admin call. The page
reads the person's roles from `GET /api/users/me` to choose what it shows, and keeps them
in the session, where the navigation looks for them (sessions.claimed_roles puts there
the access token's at sign-in and refresh). The blueprint is nested in `web`
(web/__init__.py): endpoints `web.admin.*`, under the same CSRF check and sessions."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from pixkit.roles import PLATFORM_ROLES

from . import api, sessions
from .forms import MAX_LENGTH, Form, api_message, checked, looks_like_email
from .i18n import t
from .pages_common import again, error_page, error_status, kept, page, refused, see

ADMIN_ROLES = frozenset({"SUPER_ADMIN", "SUPPORT"})  # may open the page, find and anonymize accounts
GRANTING_ROLE = "SUPER_ADMIN"  # may change roles
USER_ID = re.compile(r"[0-9a-f-]{36}")
ACCOUNTS_PATH = "/api/admin/users"
NOTICES = {"roles": "admin.rolesSaved", "anonymized": "admin.anonymized"}


def is_user_id(value: str) -> bool:
    """An id as identity makes them."""
    return USER_ID.fullmatch(value) is not None


def administrator(record: dict[str, Any] | None) -> bool:
    """Whether the navigation shows the admin space, by the roles the session keeps."""
    return bool(record) and bool(ADMIN_ROLES & set(sessions.roles_of(record.get("roles"))))


@page(query={"id": is_user_id})
def administration():
    shown = kept()  # a refused roles or anonymization form (again), back on the account's page
    return _page(request.args.get("id"), roles=shown.forms.get("roles"), anonymize=shown.forms.get("anonymize"),
                 status=shown.status)


def _page(account_id: str | None, roles: Form | None = None, anonymize: Form | None = None, status: int = 200):
    """The page: the search, then the account (by `account_id`, else by the `email` asked
    for), then the forms the person's roles allow. `roles` carries the choices and
    errors of a roles form sent back, `anonymize` those of the anonymization form."""
    me = api.authorized("GET", "/api/users/me")
    if not me.ok:
        return refused(me)
    mine = sessions.roles_of(me.body.get("roles"))
    if sessions.current().get("roles") != mine:
        sessions.update(roles=mine)
    if not ADMIN_ROLES & set(mine):
        return error_page(t("admin.forbidden"), 403)
    search = Form({"email": request.args.get("email", "")[:MAX_LENGTH].strip()}).refuse_control_characters("email")
    found = _find(account_id, search)
    account, missing = None, False
    if found is not None and found.ok:
        account = _account(found.body)
        search.values["email"] = account["email"] or search.values["email"]
    elif found is not None and found.status in (401, 403):
        return _stop(found)
    elif found is not None and found.code == "USER_NOT_FOUND":
        missing = True
    elif found is not None:
        search.absorb(found, ("email",))
        status = max(status, 422 if found.status == 422 else error_status(found))
    if not search.valid:
        status = max(status, 422)
    roles = roles or Form({role: "on" for role in (account or {}).get("roles", [])})
    key = NOTICES.get(request.args.get("info", ""))
    return render_template("admin.html", search=search, account=account, missing=missing,
                           can_grant=GRANTING_ROLE in mine, platform_roles=PLATFORM_ROLES, roles=roles,
                           anonymize=anonymize or Form(), notice=t(key) if key else None), status


def _find(account_id: str | None, search: Form) -> api.Answer | None:
    """The account asked for, by id or by e-mail address; None when nothing is asked (or
    the address is not one, then an error on the search field)."""
    if account_id:
        return api.authorized("GET", f"{ACCOUNTS_PATH}/{account_id}")
    email = search.values["email"]
    if not email or not search.valid:  # nothing asked, or already refused (control characters)
        return None
    if not looks_like_email(email):
        search.add("email", t("error.email"))
        return None
    return api.authorized("GET", f"{ACCOUNTS_PATH}?{urlencode({'email': email})}")


def _account(body: dict[str, Any]) -> dict[str, Any]:
    user_id = body.get("id")
    return {"id": str(user_id or ""), "firstName": str(body.get("firstName") or ""),
            "lastName": str(body.get("lastName") or ""), "email": str(body.get("email") or ""),
            "roles": sessions.roles_of(body.get("roles")),
            # the forms' paths take the id only as the routes below accept it
            "path": user_id if isinstance(user_id, str) and USER_ID.fullmatch(user_id) else None}


@page(path={"user_id": is_user_id})
def set_roles(user_id: str):
    sent = request.form.getlist("roles")
    chosen = [role for role in PLATFORM_ROLES if role in sent]
    answer = api.authorized("PUT", f"{ACCOUNTS_PATH}/{user_id}/roles", {"roles": chosen})
    if not answer.ok:
        return _refusal(answer, user_id, "roles", Form({role: "on" for role in chosen}))
    return see("web.admin.administration", id=user_id, info="roles")


@page(path={"user_id": is_user_id})
def anonymize(user_id: str):
    form = Form()
    if not checked("confirm"):
        form.add("confirm", t("admin.error.confirm"))
        return again("web.admin.administration", 422, {"anonymize": form}, id=user_id)
    answer = api.authorized("POST", f"{ACCOUNTS_PATH}/{user_id}/anonymization")
    if not answer.ok:
        return _refusal(answer, user_id, "anonymize", form)
    return see("web.admin.administration", info="anonymized")


def _refusal(answer: api.Answer, user_id: str, form_name: str, form: Form):
    """A form identity refused: its words in the form's summary, on the account's page (by
    post/redirect/get); a page of its own when there is no form to show them next to (401, 403, 404)."""
    if answer.status in (401, 403, 404):
        return _stop(answer)
    form.summary.append(api_message(answer))
    return again("web.admin.administration", error_status(answer), {form_name: form}, id=user_id)


def _stop(answer: api.Answer):
    """Nothing to show: sign in again (401), no access (403, in the page's words), else the API's words."""
    return error_page(t("admin.forbidden"), 403) if answer.status == 403 else refused(answer)


@page(login=False, path={"user_id": is_user_id})
def back_to_account(user_id: str):
    """A form's address opened with GET (the language switch after an error): the account."""
    return see("web.admin.administration", id=user_id)


def blueprint() -> Blueprint:
    bp = Blueprint("admin", __name__)
    bp.add_url_rule("/administration", "administration", administration, methods=["GET"])
    bp.add_url_rule("/administration/<user_id>/roles", "set_roles", set_roles, methods=["POST"])
    bp.add_url_rule("/administration/<user_id>/anonymisation", "anonymize", anonymize, methods=["POST"])
    bp.add_url_rule("/administration/<user_id>/roles", "roles_form", back_to_account, methods=["GET"])
    bp.add_url_rule("/administration/<user_id>/anonymisation", "anonymize_form", back_to_account, methods=["GET"])
    return bp
