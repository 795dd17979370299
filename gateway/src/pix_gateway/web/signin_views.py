"""Signing up, in and out, and the forgotten password. Every POST carries the session's
CSRF token (checked in `web.install`); every answer after a successful POST is a redirect (303)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from . import api, sessions
from .forms import Form, api_message, checked, looks_like_email
from .i18n import t
from .pages_common import again, form_status, kept, notice, see, see_path
from .safe_paths import safe_local_path

SIGNUP_FIELDS = ("firstName", "lastName", "email", "password", "acceptTerms")
# identity's robot-check puzzle ({challenge, difficulty}), solved in the browser by static/pix.js.
ROBOT_PUZZLE_PATH = "/api/users/robot-check"


def signup():
    """Every field's error in one answer: the page's own checks, then identity's (the
    password's strength among them) on what the page did not already refuse. A refused field
    is left out of the call, so identity refuses the sign-up too: never an account from a
    form the page showed as wrong, and never a character the page refused sent on."""
    if request.method == "GET":
        sessions.ensure()
        shown = kept()
        return render_template("signup.html", form=shown.form("signup"), puzzle=_puzzle(),
                               next=safe_local_path(request.args.get("next"), fallback="")), shown.status
    # Where to go once signed up, as for login: a page of this site asked for before (an
    # invitation's link, whose invitee has no account yet), else the person's profile.
    back = safe_local_path(request.values.get("next"), fallback="")
    form = Form.read("firstName", "lastName", "email", "password", raw=("password",))
    form.require("firstName", "lastName", "email", "password")
    if form.values["email"] and "email" not in form.errors and not looks_like_email(form.values["email"]):
        form.add("email", t("error.email"))
    if not checked("acceptTerms"):
        form.add("acceptTerms", t("error.terms"))
    form.values["acceptTerms"] = "on" if checked("acceptTerms") else ""
    body: dict = {name: form.values[name] for name in ("firstName", "lastName", "email", "password")
                  if name not in form.errors}
    if "acceptTerms" not in form.errors:
        body["acceptTerms"] = True
    if request.form.get("robotChallenge"):
        body["robotProof"] = _robot_proof()
    answer = api.call("POST", "/api/users", body)
    if not answer.ok or not form.valid:
        _absorb_refusal(form, answer)
        return _signup_again(form, form_status(form, answer), back)
    tokens = api.call("POST", "/api/token", {"email": body["email"], "password": body["password"]})
    if not tokens.ok:
        return see("web.signin.login")
    sessions.start_authenticated(tokens.body)
    return see_path(back) if back else see("web.profile.profile")  # else their profile, and the tests


def _absorb_refusal(form: Form, answer: api.Answer) -> None:
    """Identity's errors beside the page's own (not those of the fields left out of the call,
    which identity finds missing), every field's in the form's order."""
    if answer.code == "EMAIL_TAKEN":
        form.add("email", t("error.emailTaken"))
    elif not answer.ok:
        refused = Form()
        refused.absorb(answer, SIGNUP_FIELDS)
        for name, messages in refused.errors.items():
            if name not in form.errors:
                form.errors[name] = messages
        form.summary.extend(refused.summary)
    form.errors = {name: form.errors[name] for name in sorted(form.errors, key=_field_order)}


def _field_order(name: str) -> int:
    return SIGNUP_FIELDS.index(name) if name in SIGNUP_FIELDS else len(SIGNUP_FIELDS)


def _signup_again(form: Form, status: int, back: str = ""):
    """Back to the form with what was typed, the password too unless it was what was wrong
    (so that a slip elsewhere does not mean typing it again)."""
    if "password" in form.errors:
        form.values["password"] = ""
    return again("web.signin.signup", status, {"signup": form}, next=back or None)


def _robot_proof() -> dict:
    counter = request.form.get("robotCounter", "")
    valid = counter.isascii() and counter.isdigit() and len(counter) < 16
    return {"challenge": request.form["robotChallenge"][:200], "counter": int(counter) if valid else -1}


def _puzzle() -> dict | None:
    if not ROBOT_PUZZLE_PATH:
        return None
    answer = api.call("GET", ROBOT_PUZZLE_PATH)
    return answer.body if answer.ok and answer.body.get("challenge") else None


def login():
    # Where to go once signed in: `next` in the link, then in a hidden field of the form.
    # Only a path of this site is kept (safe_paths); else the person's profile, where the
    # next step is (not the account's settings).
    back = safe_local_path(request.values.get("next"), fallback="")
    if request.method == "GET":
        sessions.ensure()
        shown = kept()
        return render_template("login.html", form=shown.form("login"), notice=notice(), next=back), shown.status
    form = Form.read("email", "password", raw=("password",)).require("email", "password")
    if not form.valid:
        return _login_again(form, 422, back)
    answer = api.call("POST", "/api/token", form.values)
    if not answer.ok or not answer.body.get("accessToken"):
        form.summary.append(api_message(answer))
        return _login_again(form, form_status(form, answer), back)
    sessions.start_authenticated(answer.body)
    return see_path(back) if back else see("web.profile.profile")


def _login_again(form: Form, status: int, back: str):
    form.values["password"] = ""
    return again("web.signin.login", status, {"login": form}, next=back or None)


def logout():
    record = sessions.current()
    if record and record.get("refreshToken"):
        api.call("POST", "/api/token/revoke", {"refreshToken": record["refreshToken"]})
    sessions.end()
    return see("web.home.home", info="loggedout")


def forgot():
    if request.method == "GET":
        sessions.ensure()
        shown = kept()
        return render_template("forgot.html", form=shown.form("forgot"),
                               sent=request.args.get("info") == "sent"), shown.status
    form = Form.read("email").require("email")
    if form.values["email"] and not looks_like_email(form.values["email"]):
        form.add("email", t("error.email"))
    if not form.valid:
        return again("web.signin.forgot", 422, {"forgot": form})
    answer = api.call("POST", "/api/password-resets", {"email": form.values["email"]})
    if not answer.ok:  # identity says the same for any address; only a failure shows here
        form.summary.append(api_message(answer))
        return again("web.signin.forgot", form_status(form, answer), {"forgot": form})
    return see("web.signin.forgot", info="sent")


def new_password():
    """The page the mailed link opens: the token rides in the query, then in a hidden field
    (and in the query again when a refused password brings the page back)."""
    if request.method == "GET":
        sessions.ensure()
        shown = kept()
        token = request.args.get("jeton", "")[:200]
        return render_template("reset.html", form=shown.form("reset"), token=token,
                               invalid=not token or bool(shown.extra.get("invalid"))), shown.status
    token = request.form.get("token", "")[:200]
    form = Form.read("password", raw=("password",)).require("password")
    if not form.valid:
        return again("web.signin.new_password", 422, {"reset": form}, jeton=token or None)
    answer = api.call("POST", "/api/password-resets/confirmation", {"token": token, **form.values})
    if answer.code == "RESET_LINK_INVALID":
        return again("web.signin.new_password", 400, extra={"invalid": True})
    if not answer.ok:
        form.absorb(answer, ("password",))
        form.values["password"] = ""
        return again("web.signin.new_password", form_status(form, answer), {"reset": form}, jeton=token or None)
    return see("web.signin.login", info="passwordchanged")


def blueprint() -> Blueprint:
    bp = Blueprint("signin", __name__)
    bp.add_url_rule("/inscription", "signup", signup, methods=["GET", "POST"])
    bp.add_url_rule("/connexion", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/deconnexion", "logout", logout, methods=["POST"])
    bp.add_url_rule("/mot-de-passe-oublie", "forgot", forgot, methods=["GET", "POST"])
    bp.add_url_rule("/mot-de-passe/nouveau", "new_password", new_password, methods=["GET", "POST"])
    return bp
