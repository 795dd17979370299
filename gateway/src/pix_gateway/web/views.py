"""The pages: home, sign-up, login, logout, password reset, account, and the placeholders
of the features still to come. Every POST carries the session's CSRF token (checked in
`web.install`); every answer after a successful POST is a redirect (303)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request

from . import identity, sessions
from .forms import Form, api_message, checked, looks_like_email
from .i18n import t
from .safe_paths import safe_local_path

bp = Blueprint("web", __name__)

SOON = {"/partager": "nav.share",
        "/certification": "nav.certification", "/organisations": "nav.organizations",
        "/centres-de-certification": "nav.centers"}
NOTICES = {"deleted": "home.deleted", "loggedout": "home.loggedout", "renamed": "account.renamed",
           "passwordchanged": "reset.done",
           "expired": "error.session"}
SIGNUP_FIELDS = ("firstName", "lastName", "email", "password", "acceptTerms")
# identity's robot-check puzzle ({challenge, difficulty}), solved in the browser by static/pix.js.
ROBOT_PUZZLE_PATH = "/api/users/robot-check"


def _notice() -> str | None:
    key = NOTICES.get(request.args.get("info", ""))
    return t(key) if key else None


def _see(path: str):
    return redirect(path, code=303)


def _status(form: Form, answer: identity.Answer | None = None) -> int:
    if answer is not None and (answer.status == 0 or answer.status >= 500):
        return 503
    return 200 if form.valid else 422


@bp.get("/")
def home():
    return render_template("home.html", notice=_notice())


def soon(key: str):
    return lambda: render_template("soon.html", title=t(key))


for _path, _key in SOON.items():
    bp.add_url_rule(_path, f"soon_{_key.split('.')[1]}", soon(_key), methods=["GET"])


@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    if request.method == "GET":
        sessions.ensure()
        return render_template("signup.html", form=Form(), puzzle=_puzzle())
    form = Form.read("firstName", "lastName", "email", "password", raw=("password",))
    form.require("firstName", "lastName", "email", "password")
    if form.values["email"] and not looks_like_email(form.values["email"]):
        form.add("email", t("error.email"))
    if not checked("acceptTerms"):
        form.add("acceptTerms", t("error.terms"))
    form.values["acceptTerms"] = "on" if checked("acceptTerms") else ""
    if not form.valid:
        return render_template("signup.html", form=form, puzzle=_puzzle()), 422
    body = {k: form.values[k] for k in ("firstName", "lastName", "email", "password")}
    if request.form.get("robotChallenge"):
        body["robotProof"] = _robot_proof()
    answer = identity.call("POST", "/api/users", {**body, "acceptTerms": True})
    if not answer.ok:
        if answer.code == "EMAIL_TAKEN":
            form.add("email", t("error.emailTaken"))
        else:
            form.absorb(answer, SIGNUP_FIELDS)
        return render_template("signup.html", form=form, puzzle=_puzzle()), _status(form, answer)
    tokens = identity.call("POST", "/api/token", {"email": body["email"], "password": body["password"]})
    if not tokens.ok:
        return _see("/connexion")
    sessions.start_authenticated(tokens.body)
    return _see("/mon-compte")


def _robot_proof() -> dict:
    counter = request.form.get("robotCounter", "")
    valid = counter.isascii() and counter.isdigit() and len(counter) < 16
    return {"challenge": request.form["robotChallenge"][:200], "counter": int(counter) if valid else -1}


def _puzzle() -> dict | None:
    if not ROBOT_PUZZLE_PATH:
        return None
    answer = identity.call("GET", ROBOT_PUZZLE_PATH)
    return answer.body if answer.ok and answer.body.get("challenge") else None


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    # Where to go once signed in: `next` in the link, then in a hidden field of the form.
    # Only a path of this site is kept (safe_paths); anything else means the account page.
    back = safe_local_path(request.values.get("next"), fallback="")
    if request.method == "GET":
        sessions.ensure()
        return render_template("login.html", form=Form(), notice=_notice(), next=back)
    form = Form.read("email", "password", raw=("password",)).require("email", "password")
    if not form.valid:
        return render_template("login.html", form=form, next=back), 422
    answer = identity.call("POST", "/api/token", form.values)
    if not answer.ok or not answer.body.get("accessToken"):
        form.summary.append(api_message(answer))
        form.values["password"] = ""
        return render_template("login.html", form=form, next=back), _status(form, answer)
    sessions.start_authenticated(answer.body)
    return _see(back or "/mon-compte")


@bp.post("/deconnexion")
def logout():
    record = sessions.current()
    if record and record.get("refreshToken"):
        identity.call("POST", "/api/token/revoke", {"refreshToken": record["refreshToken"]})
    sessions.end()
    return _see("/?info=loggedout")


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot():
    if request.method == "GET":
        sessions.ensure()
        return render_template("forgot.html", form=Form(), sent=False)
    form = Form.read("email").require("email")
    if form.values["email"] and not looks_like_email(form.values["email"]):
        form.add("email", t("error.email"))
    if not form.valid:
        return render_template("forgot.html", form=form, sent=False), 422
    answer = identity.call("POST", "/api/password-resets", {"email": form.values["email"]})
    if not answer.ok:  # identity says the same for any address; only a failure shows here
        form.summary.append(api_message(answer))
        return render_template("forgot.html", form=form, sent=False), _status(form, answer)
    return render_template("forgot.html", form=Form(), sent=True)


@bp.route("/mot-de-passe/nouveau", methods=["GET", "POST"])
def new_password():
    """The page the mailed link opens: the token rides in the query, then in a hidden field."""
    if request.method == "GET":
        sessions.ensure()
        token = request.args.get("jeton", "")[:200]
        return render_template("reset.html", form=Form(), token=token, invalid=not token)
    token = request.form.get("token", "")[:200]
    form = Form.read("password", raw=("password",)).require("password")
    if not form.valid:
        return render_template("reset.html", form=form, token=token, invalid=False), 422
    answer = identity.call("POST", "/api/password-resets/confirmation", {"token": token, **form.values})
    if answer.code == "RESET_LINK_INVALID":
        return render_template("reset.html", form=Form(), token="", invalid=True), 400
    if not answer.ok:
        form.absorb(answer, ("password",))
        return render_template("reset.html", form=form, token=token, invalid=False), _status(form, answer)
    return _see("/connexion?info=passwordchanged")


@bp.get("/mon-compte")
def account():
    return _account_page(Form(), Form())


def _account_page(rename: Form, delete: Form, status: int = 200):
    if not sessions.current() or not sessions.current().get("accessToken"):
        return _see("/connexion")
    me = identity.authorized("GET", "/api/users/me")
    if me.status == 401:
        return _see("/connexion?info=expired")
    if not me.ok:
        return render_template("error.html", message=api_message(me)), me.status if me.status >= 400 else 503
    if not rename.values:
        rename.values = {"firstName": me.body.get("firstName", ""), "lastName": me.body.get("lastName", "")}
    return render_template("account.html", me=me.body, rename=rename, delete=delete, notice=_notice()), status


@bp.post("/mon-compte/nom")
def rename():
    form = Form.read("firstName", "lastName").require("firstName", "lastName")
    if not form.valid:
        return _account_page(form, Form(), 422)
    answer = identity.authorized("PATCH", "/api/users/me", form.values)
    if answer.status == 401:
        return _see("/connexion?info=expired")
    if not answer.ok:
        form.absorb(answer, ("firstName", "lastName"))
        return _account_page(form, Form(), _status(form, answer))
    return _see("/mon-compte?info=renamed")


@bp.post("/mon-compte/suppression")
def delete():
    form = Form()
    if not checked("confirm"):
        form.add("confirm", t("error.confirm"))
        return _account_page(Form(), form, 422)
    answer = identity.authorized("DELETE", "/api/users/me")
    if answer.status == 401:
        return _see("/connexion?info=expired")
    if not answer.ok:
        form.summary.append(api_message(answer))
        return _account_page(Form(), form, _status(form, answer))
    sessions.end()
    return _see("/?info=deleted")
