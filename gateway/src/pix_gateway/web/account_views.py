"""The account page, /mon-compte: the person's details, renaming, deleting the account.
Every answer after a successful POST is a redirect (303)."""
from __future__ import annotations

from flask import Blueprint, render_template

from . import api, sessions
from .forms import Form, api_message, checked
from .i18n import t
from .pages_common import again, form_status, kept, notice, page, see, session_expired


@page()
def account():
    shown = kept()
    return _account_page(shown.form("rename"), shown.form("delete"), shown.status)


def _account_page(rename: Form, delete: Form, status: int = 200):
    me = api.authorized("GET", "/api/users/me")
    if me.status == 401:
        return session_expired()
    if not me.ok:
        return render_template("error.html", message=api_message(me)), me.status if me.status >= 400 else 503
    if not rename.values:
        rename.values = {"firstName": me.body.get("firstName", ""), "lastName": me.body.get("lastName", "")}
    return render_template("account.html", me=me.body, rename=rename, delete=delete, notice=notice()), status


@page()
def rename():
    form = Form.read("firstName", "lastName").require("firstName", "lastName")
    if not form.valid:
        return again("web.account.account", 422, {"rename": form})
    answer = api.authorized("PATCH", "/api/users/me", form.values)
    if answer.status == 401:
        return session_expired()
    if not answer.ok:
        form.absorb(answer, ("firstName", "lastName"))
        return again("web.account.account", form_status(form, answer), {"rename": form})
    return see("web.account.account", info="renamed")


@page()
def delete():
    form = Form()
    if not checked("confirm"):
        form.add("confirm", t("error.confirm"))
        return again("web.account.account", 422, {"delete": form})
    answer = api.authorized("DELETE", "/api/users/me")
    if answer.status == 401:
        return session_expired()
    if not answer.ok:
        form.summary.append(api_message(answer))
        return again("web.account.account", form_status(form, answer), {"delete": form})
    sessions.end()
    return see("web.home.home", info="deleted")


def blueprint() -> Blueprint:
    bp = Blueprint("account", __name__)
    bp.add_url_rule("/mon-compte", "account", account, methods=["GET"])
    bp.add_url_rule("/mon-compte/nom", "rename", rename, methods=["POST"])
    bp.add_url_rule("/mon-compte/suppression", "delete", delete, methods=["POST"])
    return bp
