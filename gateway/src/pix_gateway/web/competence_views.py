"""The competences to assess, /mes-tests (docs/domain.md §3-5): what a person can do next on
each one — start, resume, try again or reset its test — and, when an action is not possible,
why and from when (the assessment API's `improveRefusal`, `resetAvailableAt`). The result
itself, to look at and to share, is the profile's (profile_views).

Its blueprint is nested in `web` (web/__init__.py): endpoints `web.tests.*`, under the
same CSRF check and session handling as the other pages. The assessment API is called through
`api.authorized` (routing, token refresh, language, ids)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from pix_contracts.framework import COMPETENCE_CODES

from . import api
from .forms import api_message, checked
from .i18n import t
from .pages_common import ID, again, as_int, error_status, kept, page, refused, see, session_expired
from .wording import when

COMPETENCES_PATH = "/api/assessments/competences"
NOTICES = {"reset": "tests.resetDone"}
# A refusal's code → its text on the pages; with a moment, the text says from when.
REFUSALS = {"IMPROVE_TOO_EARLY": "tests.improve.later", "RESET_TOO_EARLY": "tests.reset.later",
            "NOTHING_TO_IMPROVE": "tests.improve.nothing", "NOTHING_TO_ASK": "tests.start.nothing"}


def is_code(value: str) -> bool:
    """One of the framework's competence codes (1.1 … 5.2): a form for another is a 404."""
    return value in COMPETENCE_CODES


@page()
def competences():
    """With what a refused form left (_refused): its problem, in the summary and next to the
    competence it is about — {"code", "text", "target"}, linking to `target`."""
    shown = kept()
    raw_problems = shown.extra.get("problems")
    problems = [{key: str(p.get(key) or "") for key in ("code", "text", "target")}
                for p in raw_problems if isinstance(p, dict)] if isinstance(raw_problems, list) else []
    answer = api.authorized("GET", COMPETENCES_PATH)
    if not answer.ok:
        return refused(answer)
    max_level = as_int(answer.body.get("maxLevel"))
    areas: list[dict[str, Any]] = []
    for raw in answer.body.get("competences") or []:
        if not isinstance(raw, dict):
            continue
        entry = next_step(raw, max_level)
        entry["errors"] = [p["text"] for p in problems if p.get("code") == entry["code"]]
        if not areas or areas[-1]["code"] != entry["areaCode"]:
            areas.append({"code": entry["areaCode"], "title": raw.get("areaTitle", ""), "competences": []})
        areas[-1]["competences"].append(entry)
    in_progress = [c for area in areas for c in area["competences"] if c["action"] == "resume"]
    key = NOTICES.get(request.args.get("info", ""))
    return render_template("competences.html", areas=areas, in_progress=in_progress, problems=problems,
                           notice=t(key) if key else None), shown.status


def _refused(code: str, text: str, target: str, status: int):
    """Post/redirect/get: back to /mes-tests, which shows the problem once."""
    return again("web.tests.competences", status, extra={"problems": [{"code": code, "text": text, "target": target}]})


def next_step(raw: dict[str, Any], max_level: int) -> dict[str, Any]:
    """One competence as the tests page and the result page show it: its standing, the one
    action it offers now (`action`: resume, start, improve or None) and, when "Retenter"
    is not offered, why (`why`); whether it can be reset, else from when (`resetLater`)."""
    code = str(raw.get("code", ""))
    assessment_id = raw.get("assessmentId")
    resume = assessment_id if isinstance(assessment_id, str) and ID.fullmatch(assessment_id) else None
    evaluated = bool(raw.get("evaluated"))
    level = as_int(raw.get("level"))
    at_max = bool(max_level) and level >= max_level
    if resume:
        action = "resume"
    elif not evaluated:
        action = "start"
    elif raw.get("canImprove"):
        action = "improve"
    else:
        action = None
    refusal = raw.get("improveRefusal")
    why = None
    if action is None and not at_max and isinstance(refusal, dict):
        why = refusal_text(str(refusal.get("code") or ""), refusal.get("message"), refusal.get("availableAt"))
    reset_when = when(raw.get("resetAvailableAt"))
    return {
        "code": code, "slug": code.replace(".", "-"), "title": str(raw.get("title") or ""),
        "areaCode": str(raw.get("areaCode", "")), "level": level, "pix": as_int(raw.get("pix")),
        "evaluated": evaluated, "assessmentId": resume, "action": action, "why": why, "atMax": at_max,
        "canReset": bool(raw.get("canReset")),
        "resetLater": t("tests.reset.later").format(when=reset_when) if reset_when else None,
    }


def refusal_text(code: str, message: Any = None, available_at: Any = None) -> str | None:
    """A refusal as the pages say it: from when, for a refusal that waiting ends; else the
    API's own words (in the page's language), else nothing."""
    key = REFUSALS.get(code)
    moment = when(available_at)
    if key and ("{when}" not in t(key) or moment):
        return t(key).format(when=moment)
    return message if isinstance(message, str) and message else None


def answer_text(answer: api.Answer) -> str:
    """A refused POST's text: its reason and from when, never a bare "did not succeed"."""
    details = answer.body.get("details") if isinstance(answer.body, dict) else None
    available_at = details.get("availableAt") if isinstance(details, dict) else None
    if answer.status and answer.status < 500 and answer.code in REFUSALS:
        return refusal_text(answer.code, api_message(answer), available_at) or api_message(answer)
    return api_message(answer)


@page(path={"code": is_code})
def start(code: str):
    return _open(code, "/api/assessments", {"competenceCode": code})


@page(path={"code": is_code})
def improve(code: str):
    return _open(code, f"/api/assessments/competences/{code}/improvement")


def _open(code: str, path: str, body: dict[str, Any] | None = None):
    """Starts (or resumes) an assessment, then its first challenge."""
    answer = api.authorized("POST", path, body)
    if answer.status == 401:
        return session_expired()
    assessment_id = answer.body.get("id") if answer.ok else None
    if not isinstance(assessment_id, str) or not ID.fullmatch(assessment_id):
        return _refused(code, answer_text(answer), f"competence-{_slug(code)}", error_status(answer))
    return see("web.assessment.assessment", assessment_id=assessment_id)


@page(path={"code": is_code})
def reset(code: str):
    target = f"reset-confirm-{_slug(code)}"
    if not checked("confirm"):
        return _refused(code, t("error.resetConfirm"), target, 422)
    answer = api.authorized("POST", f"/api/assessments/competences/{code}/reset")
    if answer.status == 401:
        return session_expired()
    if not answer.ok:
        return _refused(code, answer_text(answer), target, error_status(answer))
    return see("web.tests.competences", info="reset")


def _slug(code: str) -> str:
    return code.replace(".", "-")


def blueprint() -> Blueprint:
    bp = Blueprint("tests", __name__)
    bp.add_url_rule("/mes-tests", "competences", competences, methods=["GET"])
    bp.add_url_rule("/mes-tests/<code>/commencer", "start", start, methods=["POST"])
    bp.add_url_rule("/mes-tests/<code>/retenter", "improve", improve, methods=["POST"])
    bp.add_url_rule("/mes-tests/<code>/remise-a-zero", "reset", reset, methods=["POST"])
    return bp
