"""The candidate's side of a certification (docs/domain.md §6, issue 13), signed in: joining a
session (/certification/rejoindre: its access code and who they are), the session's page
(/certification/sessions/<id>: waiting for the invigilator, "Commencer", "continue", over),
the test itself (/certification/epreuve/<course id>?session=<id>), answered through
assessment's API like any test but showing no correctness at all, and the person's
certificates (/certification/certificats, each one's page and its PDF).

The test's page reuses the challenges' rendering of assessment_views (proposals, fields,
attachments, timer); a focus challenge says that leaving the page is reported, and
static/exam.js reports it (once per challenge) through the report form's address, which
also takes "Signaler un problème" without script. The time left is counted from when the
page first showed the challenge (kept in the web session): assessment decides anyway.

The blueprint is nested in `web`: endpoints `web.exam.*`."""
from __future__ import annotations

import re
import time
from datetime import date
from typing import Any
from urllib.parse import quote

from flask import Blueprint, jsonify, render_template, request

from . import api, downloads, pages_common, sessions
from .assessment_views import _answer_value, _challenge, _posted_values
from .forms import Form, api_message
from .i18n import language, t
from .pages_common import (
    ID,
    again,
    as_int,
    error_page,
    error_status,
    is_id,
    kept,
    not_found,
    page,
    refused_here,
    see,
    session_expired,
)
from .wording import MONTHS

EXAM_PATH = "/api/certification"
JOIN_FIELDS = {"joinCode": "accessCode", "lastName": "lastName", "firstName": "firstName",
               "joinBirthDate": "birthDate"}  # the form's names → the API's
STATES = ("waiting", "authorized", "started", "ended", "finished")
ALERT_KINDS = ("focus_lost", "challenge_problem")
WAIT_REFRESH_S = 5  # the waiting page's refresh (noscript meta) and static/exam.js's polling
PREPARING_REFRESH_S = 2  # assessment composes the test from an event: usually within a second
CODE = re.compile(r"[A-Z0-9]{1,32}")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FRENCH_DATE = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})")
NOTICES = {"joined": "exam.joined", "reported": "exam.reported"}
MAX_REMEMBERED = 50  # focus losses kept in the web session (a test asks far fewer questions)


def _sessions_path(session_id: str) -> str:
    return f"{EXAM_PATH}/sessions/{session_id}/my-exam"


def _notice() -> str | None:
    key = NOTICES.get(request.args.get("info", ""))
    return t(key) if key else None


def _is_notice(value: str) -> bool:
    return value in NOTICES


# ---- joining ------------------------------------------------------------------------------

def birth_date(typed: str) -> str | None:
    """'2008-03-21' or '21/03/2008' (as French people write it) → '2008-03-21'; None when
    it is not a date of the calendar."""
    iso, french = ISO_DATE.fullmatch(typed), FRENCH_DATE.fullmatch(typed)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif french:
        day, month, year = (int(part) for part in french.groups())
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


@page()
def join():
    if request.method == "GET":
        shown = kept()
        return render_template("exam_join.html", form=shown.form("join")), shown.status
    form = Form.read(*JOIN_FIELDS).require(*JOIN_FIELDS)
    code = re.sub(r"[\s-]+", "", form.values["joinCode"]).upper()
    if form.values["joinCode"] and not form.errors.get("joinCode") and not CODE.fullmatch(code):
        form.add("joinCode", t("exam.error.code"))
    born = birth_date(form.values["joinBirthDate"])
    if form.values["joinBirthDate"] and not form.errors.get("joinBirthDate") and born is None:
        form.add("joinBirthDate", t("exam.error.birthDate"))
    if not form.valid:
        return again("web.exam.join", 422, {"join": form})
    body = {"accessCode": code, "lastName": form.values["lastName"], "firstName": form.values["firstName"],
            "birthDate": born}
    answer = api.authorized("POST", f"{EXAM_PATH}/joins", body)
    if answer.status == 401:
        return session_expired()
    session_id = answer.body.get("sessionId") if answer.ok else None
    if answer.ok and isinstance(session_id, str) and is_id(session_id):
        return see("web.exam.session", session_id=session_id, info="joined")
    if answer.ok:
        return error_page(t("error.unexpected"), 503)
    if answer.code == "ACCESS_CODE_UNKNOWN":
        form.add("joinCode", api_message(answer))
    elif answer.code == "BIRTH_DATE_INVALID":
        form.add("joinBirthDate", api_message(answer))
    else:
        by_api = {api_name: name for name, api_name in JOIN_FIELDS.items()}
        for api_name, messages in answer.field_errors().items():
            for message in messages:
                if api_name in by_api:
                    form.add(by_api[api_name], message)
                else:
                    form.summary.append(message)
        if not answer.field_errors():
            form.summary.append(api_message(answer))
    return again("web.exam.join", error_status(answer), {"join": form})


# ---- the session's page -------------------------------------------------------------------

def _my_exam(session_id: str) -> api.Answer:
    return api.authorized("GET", _sessions_path(session_id))


def exam_shown(body: dict[str, Any]) -> dict[str, Any]:
    state = body.get("exam") if body.get("exam") in STATES else "waiting"
    course_id = body.get("courseId")
    return {"state": state, "resume": body.get("resume") is True,
            "courseId": course_id if isinstance(course_id, str) and is_id(course_id) else None,
            "extraTime": as_int(body.get("extraTimePercentage")),
            "details": {key: str(body.get(key) or "") for key in ("address", "room", "date", "time")}}


@page(path={"session_id": is_id}, query={"info": _is_notice})
def session(session_id: str):
    answer = _my_exam(session_id)
    if not answer.ok:
        return refused_here(answer)
    shown = kept()
    return render_template("exam_session.html", session_id=session_id, exam=exam_shown(answer.body),
                           form=shown.form("start"), refresh=WAIT_REFRESH_S, notice=_notice()), shown.status


@page(path={"session_id": is_id})
def session_state(session_id: str):
    """What static/exam.js polls on the waiting page: the candidate's state, as JSON."""
    answer = _my_exam(session_id)
    if not answer.ok:
        return jsonify(code=answer.code or "UNAVAILABLE", message=api_message(answer)), error_status(answer)
    exam = exam_shown(answer.body)
    return jsonify(exam=exam["state"], resume=exam["resume"])


@page(path={"session_id": is_id})
def start(session_id: str):
    answer = api.authorized("POST", f"{_sessions_path(session_id)}/start")
    if answer.status == 401:
        return session_expired()
    course_id = answer.body.get("courseId") if answer.ok else None
    if answer.ok and isinstance(course_id, str) and is_id(course_id):
        return see("web.exam.exam", course_id=course_id, session=session_id)
    if answer.status == 404:
        return refused_here(answer)
    form = Form()
    form.summary.append(api_message(answer) if not answer.ok else t("error.unexpected"))
    return again("web.exam.session", error_status(answer) if not answer.ok else 503, {"start": form},
                 session_id=session_id)


@page(login=False, path={"session_id": is_id})
def back_to_session(session_id: str, **_: str):
    """A form's address opened with GET (the language switch after an error): the session's page."""
    return see("web.exam.session", session_id=session_id)


# ---- the test -----------------------------------------------------------------------------

def _view(course_id: str) -> api.Answer:
    return api.authorized("GET", f"/api/assessments/{course_id}")


def _session_of_request() -> str | None:
    value = request.args.get("session", "")
    return value if is_id(value) else None


@page(path={"course_id": is_id}, query={"session": is_id, "info": _is_notice})
def exam(course_id: str):
    session_id = _session_of_request()
    if session_id is None:
        return not_found()
    view = _view(course_id)
    if view.status == 404:  # assessment composes the test from certification's event: a moment after the start
        mine = _my_exam(session_id)
        if not mine.ok:
            return refused_here(mine)
        if exam_shown(mine.body)["courseId"] != course_id:
            return refused_here(view)
        return render_template("exam_preparing.html", session_id=session_id, course_id=course_id,
                               refresh=PREPARING_REFRESH_S)
    if not view.ok:
        return refused_here(view)
    body = view.body
    if body.get("kind") not in (None, "certification"):  # another test: its own pages
        return see("web.assessment.assessment", assessment_id=course_id)
    raw = body.get("challenge")
    if body.get("state") == "completed" or not isinstance(raw, dict):
        return render_template("exam_over.html", session_id=session_id)
    challenge = {**_challenge(course_id, raw), "focus": raw.get("focus") is True}
    refusal = kept()
    extra = refusal.extra if refusal.extra.get("challengeId") == challenge["id"] else {}
    progress = body.get("progress") or {}
    total = as_int(progress.get("total") if isinstance(progress, dict) else 0)
    number = as_int(progress.get("answered") if isinstance(progress, dict) else 0) + 1
    remaining = _remaining(course_id, challenge["id"], challenge["timer"])
    problems = extra.get("problems") if isinstance(extra.get("problems"), list) else []
    return render_template("exam_challenge.html", view=body, course_id=course_id, session_id=session_id,
                           challenge=challenge, number=number, total=total if total >= number else 0,
                           remaining=remaining, focus_reported=challenge["id"] in _focus_lost(course_id),
                           values=extra.get("values"), problems=[str(p) for p in problems],
                           empty=bool(extra.get("empty")), notice=_notice()), refusal.status if extra else 200


def _remaining(course_id: str, challenge_id: str, timer: int | None) -> int | None:
    """The seconds left on a timed challenge, counted from when this page first showed it
    (kept in the web session, so that reloading the page does not give the time again)."""
    if not timer:
        return None
    record = sessions.current() or {}
    seen = record.get("examShown")
    now = time.time()
    if not isinstance(seen, dict) or seen.get("course") != course_id or seen.get("challenge") != challenge_id:
        sessions.update(examShown={"course": course_id, "challenge": challenge_id, "at": now})
        return timer
    at = seen.get("at") if isinstance(seen.get("at"), int | float) else now
    return max(int(timer - (now - at)), 0)


def _focus_lost(course_id: str) -> list[str]:
    kept_ids = (sessions.current() or {}).get("examFocusLost")
    if not isinstance(kept_ids, dict) or kept_ids.get("course") != course_id:
        return []
    return [c for c in kept_ids.get("challenges") or [] if isinstance(c, str)]


def _remember_focus_lost(course_id: str, challenge_id: str) -> None:
    known = _focus_lost(course_id)
    if challenge_id not in known:
        sessions.update(examFocusLost={"course": course_id, "challenges": [*known, challenge_id][-MAX_REMEMBERED:]})


@page(path={"course_id": is_id}, query={"session": is_id})
def answer(course_id: str):
    session_id = _session_of_request()
    if session_id is None:
        return not_found()
    challenge_id = request.form.get("challengeId", "")
    if not ID.fullmatch(challenge_id):
        return see("web.exam.exam", course_id=course_id, session=session_id)
    kind = request.form.get("type", "")
    values = _posted_values(kind)
    focused_out = request.form.get("focusedOut") == "true" or challenge_id in _focus_lost(course_id)
    if request.form.get("action") == "skip":
        body: dict[str, Any] = {"challengeId": challenge_id, "skipped": True}
    else:
        value = _answer_value(kind, values)
        if value is None:
            return _again(course_id, session_id, challenge_id, values, t("error.emptyAnswer"), 422, empty=True)
        body = {"challengeId": challenge_id, "answer": value}
    if focused_out:
        body["focusedOut"] = True
    result = api.authorized("POST", f"/api/assessments/{course_id}/answers", body)
    if result.status == 401:
        return session_expired()
    if result.code in ("NOT_CURRENT_CHALLENGE", "ASSESSMENT_COMPLETED"):  # a double submit, the back button
        return see("web.exam.exam", course_id=course_id, session=session_id)
    if not result.ok:
        return _again(course_id, session_id, challenge_id, values, api_message(result), error_status(result))
    return see("web.exam.exam", course_id=course_id, session=session_id)  # never whether it was right


def _again(course_id: str, session_id: str, challenge_id: str, values: Any, problem: str, status: int,
           empty: bool = False):
    refusal = {"challengeId": challenge_id, "values": values, "problems": [problem], "empty": empty}
    return pages_common.again("web.exam.exam", status, course_id=course_id, session=session_id, extra=refusal)


@page(login=False, path={"course_id": is_id})
def back_to_exam(course_id: str, **_: str):
    session_id = _session_of_request()
    if session_id is None:
        return not_found()
    return see("web.exam.exam", course_id=course_id, session=session_id)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@page(path={"session_id": is_id})
def report(session_id: str):
    """A problem on a challenge, or the page left on a focus challenge (static/exam.js, as
    JSON); without script, the form's "Signaler un problème", back to the challenge."""
    kind, challenge_id = request.form.get("kind", ""), request.form.get("challengeId", "")
    course_id = request.form.get("courseId", "")
    if kind not in ALERT_KINDS or not ID.fullmatch(challenge_id) or not is_id(course_id):
        return (jsonify(code="BAD_REQUEST", message=t("error.badRequest")), 400) if _wants_json() else not_found()
    if kind == "focus_lost":  # the answer says so too, whatever the report's fate
        _remember_focus_lost(course_id, challenge_id)
    answer = api.authorized("POST", f"{_sessions_path(session_id)}/problems",
                            {"kind": kind, "challengeId": challenge_id})
    if _wants_json():
        if answer.ok:
            return jsonify(message=t("exam.reported") if kind == "challenge_problem" else t("exam.focus.reported"))
        return jsonify(code=answer.code, message=api_message(answer)), error_status(answer)
    if answer.status == 401:
        return session_expired()
    if not answer.ok:
        refusal = {"challengeId": challenge_id, "problems": [api_message(answer)]}
        return pages_common.again("web.exam.exam", error_status(answer), course_id=course_id, session=session_id,
                                  extra=refusal)
    return see("web.exam.exam", course_id=course_id, session=session_id, info="reported")


# ---- certificates -------------------------------------------------------------------------

def day(value: Any) -> str:
    """'2026-12-01' (or a moment) → '1er décembre 2026' / '1 December 2026'; '' otherwise."""
    match = ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return ""
    year, month, number = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return ""
    lang = language()
    return f"{'1er' if lang == 'fr' and number == 1 else number} {MONTHS[lang][month - 1]} {year}"


@page()
def certificates():
    answer = api.authorized("GET", f"{EXAM_PATH}/me/certificates")
    if not answer.ok:
        return refused_here(answer)
    listed = answer.body.get("certificates")
    if not isinstance(listed, list):
        return error_page(t("error.unexpected"), 503)
    mine = [{"id": c["id"], "code": str(c.get("verificationCode") or ""), "pix": as_int(c.get("pix")),
             "on": day(c.get("certifiedOn")), "center": str(c.get("centerName") or "")}
            for c in listed if isinstance(c, dict) and isinstance(c.get("id"), str) and is_id(c["id"])]
    return render_template("exam_certificates.html", certificates=mine)


@page(path={"certificate_id": is_id})
def certificate(certificate_id: str):
    answer = api.authorized("GET", f"{EXAM_PATH}/certificates/{quote(certificate_id)}")
    if not answer.ok:
        return refused_here(answer)
    body = answer.body
    holder = body.get("holder") if isinstance(body.get("holder"), dict) else None
    areas: list[dict[str, Any]] = []
    for item in body.get("competences") or []:
        if not isinstance(item, dict):
            continue
        area = str(item.get("areaTitle") or "")
        if not areas or areas[-1]["title"] != area:
            areas.append({"title": area, "competences": []})
        areas[-1]["competences"].append({"code": str(item.get("code") or ""), "title": str(item.get("title") or ""),
                                         "level": as_int(item.get("level"))})
    shown = {"id": certificate_id, "code": str(body.get("verificationCode") or ""),
             "pix": as_int(body.get("certifiedPix")), "on": day(body.get("certifiedOn")),
             "center": str(body.get("centerName") or ""),
             "holder": f"{holder.get('firstName') or ''} {holder.get('lastName') or ''}".strip() if holder else ""}
    return render_template("exam_certificate.html", certificate=shown, areas=areas)


@page(path={"certificate_id": is_id})
def certificate_pdf(certificate_id: str):
    head = api.authorized("GET", f"{EXAM_PATH}/certificates/{quote(certificate_id)}")  # refreshes the token
    if not head.ok:
        return refused_here(head)
    return downloads.passthrough(f"{EXAM_PATH}/certificates/{quote(certificate_id)}/pdf")


def blueprint() -> Blueprint:
    bp = Blueprint("exam", __name__)
    bp.add_url_rule("/certification/rejoindre", "join", join, methods=["GET", "POST"])
    bp.add_url_rule("/certification/sessions/<session_id>", "session", session, methods=["GET"])
    bp.add_url_rule("/certification/sessions/<session_id>/etat.json", "session_state", session_state,
                    methods=["GET"])
    bp.add_url_rule("/certification/sessions/<session_id>/commencer", "start", start, methods=["POST"])
    bp.add_url_rule("/certification/sessions/<session_id>/commencer", "start_form", back_to_session, methods=["GET"])
    bp.add_url_rule("/certification/sessions/<session_id>/signalement", "report", report, methods=["POST"])
    bp.add_url_rule("/certification/sessions/<session_id>/signalement", "report_form", back_to_session,
                    methods=["GET"])
    bp.add_url_rule("/certification/epreuve/<course_id>", "exam", exam, methods=["GET"])
    bp.add_url_rule("/certification/epreuve/<course_id>/reponse", "answer", answer, methods=["POST"])
    bp.add_url_rule("/certification/epreuve/<course_id>/reponse", "answer_form", back_to_exam, methods=["GET"])
    bp.add_url_rule("/certification/certificats", "certificates", certificates, methods=["GET"])
    bp.add_url_rule("/certification/certificats/<certificate_id>", "certificate", certificate, methods=["GET"])
    bp.add_url_rule("/certification/certificats/<certificate_id>/pdf", "certificate_pdf", certificate_pdf,
                    methods=["GET"])
    return bp
