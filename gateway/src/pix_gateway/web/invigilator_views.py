"""The invigilator's pages (docs/domain.md §6, issue 13): no account, a session's access code
and invigilator password (/surveillant) give a token for that session and day, kept in the
server-side web session (one per session id: the browser never holds it), then the live list
(/surveillant/sessions/<id>): every candidate, joined or not, their state, extra time and
alerts, with "Autoriser" (to start, or to resume), "Mettre fin au test" (after a confirmation
page) and the incident form (/surveillant/sessions/<id>/incident, a page of its own so that
the list may refresh without losing what is typed).

The list updates itself: static/exam.js polls …/etat.json every few seconds and re-renders
the table from the HTML it carries; without script, a <noscript> meta refresh. A missing or
refused token (401 INVIGILATOR_REFUSED: the day is over) leads back to the form, with the
API's words.

The blueprint is nested in `web`: endpoints `web.invigilator.*`."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from flask import Blueprint, jsonify, render_template, request, url_for

from .. import outbound, upstream
from . import api, sessions
from .api import Answer
from .forms import Form, api_message
from .i18n import language, t
from .pages_common import again, as_int, error_status, is_id, kept, page, see, signed_in
from .wording import on

INVIGILATION_PATH = "/api/certification/invigilation"
SCHEME = "Invigilator "
LIVE_REFRESH_S = 10  # the <noscript> meta refresh; static/exam.js polls every POLL_S
POLL_S = 4
MAX_SESSIONS = 10  # tokens kept in one web session
# domain/incidents.py's categories (certification's wire names), those inside a challenge first
IN_CHALLENGE = ("image_not_displaying", "file_not_opening", "site_blocked", "extra_time_exceeded",
                "unintentional_focus_out", "accessibility")
OTHER = ("candidate_information_change", "signature_issue", "fraud", "non_blocking")
CATEGORIES = IN_CHALLENGE + OTHER
STATES = ("waiting", "authorized", "started", "ended", "finished")
ALERTS = ("focus_lost", "challenge_problem")
CODE = re.compile(r"[A-Z0-9]{1,32}")
INCIDENT_FIELDS = ("reportCandidate", "reportCategory", "reportChallenge")
NOTICES = {"authorized": "invigilator.notice.authorized", "ended": "invigilator.notice.ended",
           "incident": "invigilator.notice.incident"}


# ---- the token, in the web session --------------------------------------------------------

def _tokens() -> dict[str, str]:
    kept_tokens = (sessions.current() or {}).get("invigilation")
    return {str(k): str(v) for k, v in kept_tokens.items()} if isinstance(kept_tokens, dict) else {}


def _token(session_id: str) -> str | None:
    return _tokens().get(session_id)


def _keep(session_id: str, token: str) -> None:
    """The token beside the others; an anonymous visitor's record gets a new id first (the
    token is worth a session's list: an id known before it is worth nothing)."""
    tokens = {k: v for k, v in _tokens().items() if k != session_id}
    if not signed_in():
        sessions.end()
    sessions.ensure()
    sessions.update(invigilation={**dict(list(tokens.items())[-(MAX_SESSIONS - 1):]), session_id: token})


def _forget(session_id: str) -> None:
    if session_id in _tokens():
        sessions.update(invigilation={k: v for k, v in _tokens().items() if k != session_id})


def _call(method: str, path: str, token: str | None, body: dict[str, Any] | None = None) -> Answer:
    """An invigilator's call: api.call's, with `Authorization: Invigilator <token>`."""
    base = api.service_url(path)
    if not base:
        return Answer(0)
    headers = outbound.headers({"Accept": "application/json", "Accept-Language": language(),
                                "Authorization": f"{SCHEME}{token}" if token else None})
    try:
        answer = upstream.request(method, base, path, json_body=body, headers=headers, timeout=api.TIMEOUT)
    except upstream.UpstreamError:
        return Answer(0)
    try:
        parsed = answer.json() if answer.content else {}
    except ValueError:
        parsed = {}
    return Answer(answer.status_code, parsed if isinstance(parsed, dict) else {})


def _back_to_form(session_id: str, answer: Answer | None = None):
    """Back to /surveillant with why: the API's refusal, or no token kept for this session."""
    _forget(session_id)
    form = Form()
    form.summary.append(api_message(answer) if answer is not None else t("invigilator.required"))
    return again("web.invigilator.login", 401, {"login": form})


# ---- the form ------------------------------------------------------------------------------

@page(login=False)
def login():
    if request.method == "GET":
        shown = kept()
        return render_template("invigilator_login.html", form=shown.form("login")), shown.status
    form = Form.read("invigilationCode", "invigilationPassword", raw=("invigilationPassword",))
    form.require("invigilationCode", "invigilationPassword")
    code = re.sub(r"[\s-]+", "", form.values["invigilationCode"]).upper()
    if form.values["invigilationCode"] and not form.errors.get("invigilationCode") and not CODE.fullmatch(code):
        form.add("invigilationCode", t("invigilator.error.code"))
    if not form.valid:
        return again("web.invigilator.login", 422, {"login": _without_password(form)})
    answer = _call("POST", INVIGILATION_PATH, None,
                   {"accessCode": code, "password": form.values["invigilationPassword"]})
    session_id, token = answer.body.get("sessionId"), answer.body.get("token")
    if answer.ok and isinstance(session_id, str) and is_id(session_id) and isinstance(token, str) and token:
        _keep(session_id, token)
        return see("web.invigilator.live", session_id=session_id)
    form.summary.append(api_message(answer) if not answer.ok else t("error.unexpected"))
    return again("web.invigilator.login", error_status(answer) if not answer.ok else 503,
                 {"login": _without_password(form)})


def _without_password(form: Form) -> Form:
    form.values.pop("invigilationPassword", None)  # never kept in the session's flash
    return form


# ---- the live list -------------------------------------------------------------------------

def _live(session_id: str) -> tuple[Answer, str | None]:
    token = _token(session_id)
    if token is None:
        return Answer(401), None
    return _call("GET", f"{INVIGILATION_PATH}/{session_id}", token), token


def candidate_shown(raw: dict[str, Any]) -> dict[str, Any]:
    exam = raw.get("exam") if raw.get("exam") in STATES else None
    joined = raw.get("joined") is True
    state = "absent" if raw.get("absent") is True else (exam or ("waiting" if joined else "notJoined"))
    if state == "authorized" and raw.get("resume") is True:
        state = "resumeAuthorized"
    alerts = [{"kind": a["kind"], "challenge": str(a.get("challengeId") or ""), "at": on(a.get("raisedAt")) or ""}
              for a in raw.get("alerts") or [] if isinstance(a, dict) and a.get("kind") in ALERTS]
    name = f"{raw.get('lastName') or ''} {raw.get('firstName') or ''}".strip()
    return {"id": raw["id"], "name": name or raw["id"], "lastName": str(raw.get("lastName") or ""),
            "firstName": str(raw.get("firstName") or ""), "joined": joined, "state": state,
            "extraTime": as_int(raw.get("extraTimePercentage")), "alerts": alerts,
            "canAuthorize": exam in ("waiting", "started"), "resume": exam == "started",
            "canEnd": exam in ("authorized", "started")}


def live_shown(body: dict[str, Any], session_id: str) -> dict[str, Any]:
    candidates = [candidate_shown(c) for c in body.get("candidates") or []
                  if isinstance(c, dict) and isinstance(c.get("id"), str) and is_id(c["id"])]
    names = {c["id"]: c["name"] for c in candidates}
    incidents = [{"candidate": names.get(str(i.get("candidateId")), str(i.get("candidateId") or "")),
                  "category": i.get("category"), "challenge": str(i.get("challengeId") or "")}
                 for i in body.get("incidents") or [] if isinstance(i, dict) and i.get("category") in CATEGORIES]
    details = {key: str(body.get(key) or "") for key in ("address", "room", "examiner", "date", "time")}
    return {"id": session_id, "details": details, "candidates": candidates, "incidents": incidents}


def _notice() -> str | None:
    key = NOTICES.get(request.args.get("info", ""))
    return t(key) if key else None


@page(login=False, path={"session_id": is_id}, query={"info": NOTICES.__contains__})
def live(session_id: str):
    answer, token = _live(session_id)
    if token is None or answer.status == 401:
        return _back_to_form(session_id, answer if token else None)
    if not answer.ok:
        return _error(answer)
    shown = kept()
    return render_template("invigilator_session.html", live=live_shown(answer.body, session_id),
                           form=shown.form("action"), refresh=LIVE_REFRESH_S, poll=POLL_S,
                           notice=_notice()), shown.status


def _error(answer: Answer):
    return render_template("error.html", message=api_message(answer)), error_status(answer)


@page(login=False, path={"session_id": is_id})
def live_state(session_id: str):
    """The live list as JSON for static/exam.js: the table's HTML (the same template) and
    the candidates; a refused token: where to go (401)."""
    answer, token = _live(session_id)
    if token is None or answer.status == 401:
        _forget(session_id)
        message = api_message(answer) if token else t("invigilator.required")
        form = Form(summary=[message])
        again("web.invigilator.login", 401, {"login": form})  # the form shows why, once
        return jsonify(code="INVIGILATOR_REFUSED", message=message,
                       redirect=url_for("web.invigilator.login")), 401
    if not answer.ok:
        return jsonify(code=answer.code or "UNAVAILABLE", message=api_message(answer)), error_status(answer)
    shown = live_shown(answer.body, session_id)
    return jsonify(sessionId=session_id, candidates=shown["candidates"],
                   html=render_template("invigilator_table.html", live=shown))


# ---- the actions -----------------------------------------------------------------------------

def _action(session_id: str, candidate_id: str, action: str, info: str):
    token = _token(session_id)
    if token is None:
        return _back_to_form(session_id)
    path = f"{INVIGILATION_PATH}/{session_id}/candidates/{quote(candidate_id)}/{action}"
    answer = _call("POST", path, token)
    if answer.status == 401:
        return _back_to_form(session_id, answer)
    if not answer.ok:
        form = Form(summary=[api_message(answer)])
        return again("web.invigilator.live", error_status(answer), {"action": form}, session_id=session_id)
    return see("web.invigilator.live", session_id=session_id, info=info)


@page(login=False, path={"session_id": is_id, "candidate_id": is_id})
def authorize(session_id: str, candidate_id: str):
    return _action(session_id, candidate_id, "authorization", "authorized")


@page(login=False, path={"session_id": is_id, "candidate_id": is_id})
def end(session_id: str, candidate_id: str):
    if request.method == "GET":  # the confirmation
        answer, token = _live(session_id)
        if token is None or answer.status == 401:
            return _back_to_form(session_id, answer if token else None)
        if not answer.ok:
            return _error(answer)
        shown = live_shown(answer.body, session_id)
        candidate = next((c for c in shown["candidates"] if c["id"] == candidate_id), None)
        if candidate is None or not candidate["canEnd"]:
            return see("web.invigilator.live", session_id=session_id)
        return render_template("invigilator_end.html", live=shown, candidate=candidate)
    return _action(session_id, candidate_id, "end", "ended")


@page(login=False, path={"session_id": is_id})
def back_to_live(session_id: str, **_: str):
    """A form's address opened with GET (the language switch after an error): the live list."""
    return see("web.invigilator.live", session_id=session_id)


def _is_challenge(value: str) -> bool:
    return len(value) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]*", value) is not None


@page(login=False, path={"session_id": is_id}, query={"candidat": is_id, "epreuve": _is_challenge})
def incident(session_id: str):
    if request.method == "POST":
        return _record_incident(session_id)
    answer, token = _live(session_id)
    if token is None or answer.status == 401:
        return _back_to_form(session_id, answer if token else None)
    if not answer.ok:
        return _error(answer)
    shown = kept()
    form = shown.form("incident")
    if not form.values:
        form = Form({"reportCandidate": request.args.get("candidat", ""),
                     "reportChallenge": request.args.get("epreuve", "")})
    return render_template("invigilator_incident.html", live=live_shown(answer.body, session_id), form=form,
                           in_challenge=IN_CHALLENGE, other=OTHER), shown.status


def _record_incident(session_id: str):
    token = _token(session_id)
    if token is None:
        return _back_to_form(session_id)
    form = Form.read(*INCIDENT_FIELDS).require("reportCandidate", "reportCategory")
    candidate, category = form.values["reportCandidate"], form.values["reportCategory"]
    challenge = form.values["reportChallenge"]
    if candidate and not is_id(candidate):
        form.add("reportCandidate", t("invigilator.error.candidate"))
    if category and category not in CATEGORIES:
        form.add("reportCategory", t("invigilator.error.category"))
    if category in IN_CHALLENGE and not challenge and not form.errors.get("reportChallenge"):
        form.add("reportChallenge", t("invigilator.error.challenge"))
    if challenge and not form.errors.get("reportChallenge") and len(challenge) > 64:
        form.add("reportChallenge", t("invigilator.error.challengeLength"))
    if not form.valid:
        return again("web.invigilator.incident", 422, {"incident": form}, session_id=session_id)
    body = {"candidateId": candidate, "category": category,
            "challengeId": challenge if category in IN_CHALLENGE else None}
    answer = _call("POST", f"{INVIGILATION_PATH}/{session_id}/incidents", token, body)
    if answer.status == 401:
        return _back_to_form(session_id, answer)
    if not answer.ok:
        known = {"candidateId": "reportCandidate", "category": "reportCategory",
                 "challengeId": "reportChallenge"}
        if answer.code == "INCIDENT_CHALLENGE_REQUIRED":
            form.add("reportChallenge", api_message(answer))
        elif answer.code == "UNKNOWN_INCIDENT_CATEGORY":
            form.add("reportCategory", api_message(answer))
        else:
            for name, messages in answer.field_errors().items():
                for message in messages:
                    if name in known:
                        form.add(known[name], message)
                    else:
                        form.summary.append(message)
            if not answer.field_errors():
                form.summary.append(api_message(answer))
        return again("web.invigilator.incident", error_status(answer), {"incident": form}, session_id=session_id)
    return see("web.invigilator.live", session_id=session_id, info="incident")


def blueprint() -> Blueprint:
    bp = Blueprint("invigilator", __name__)
    bp.add_url_rule("/surveillant", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/surveillant/sessions/<session_id>", "live", live, methods=["GET"])
    bp.add_url_rule("/surveillant/sessions/<session_id>/etat.json", "live_state", live_state, methods=["GET"])
    bp.add_url_rule("/surveillant/sessions/<session_id>/candidats/<candidate_id>/autorisation", "authorize",
                    authorize, methods=["POST"])
    bp.add_url_rule("/surveillant/sessions/<session_id>/candidats/<candidate_id>/autorisation", "authorize_form",
                    back_to_live, methods=["GET"])
    bp.add_url_rule("/surveillant/sessions/<session_id>/candidats/<candidate_id>/fin", "end", end,
                    methods=["GET", "POST"])
    bp.add_url_rule("/surveillant/sessions/<session_id>/incident", "incident", incident, methods=["GET", "POST"])
    return bp
