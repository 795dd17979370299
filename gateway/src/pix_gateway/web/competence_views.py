"""The competences to assess, /mes-tests (docs/domain.md §3-5): each one's level and pix, and
the forms to start, resume, improve or reset its test.

Its blueprint is nested in `web` (web/__init__.py): endpoints `web.tests.*`, under the
same CSRF check and session handling as the other pages. The assessment API is called through
`api.authorized` (routing, token refresh, language, ids)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, render_template, request
from pix_contracts.framework import COMPETENCE_CODES

from . import api, i18n
from .forms import api_message, checked
from .i18n import t
from .pages_common import ID, as_int, error_status, page, refused, see, session_expired

NOTICES = {"reset": "tests.resetDone"}


def is_code(value: str) -> bool:
    """One of the framework's competence codes (1.1 … 5.2): a form for another is a 404."""
    return value in COMPETENCE_CODES


@page()
def competences():
    return _competences_page()


def _competences_page(problems: list[dict[str, str]] | None = None, status: int = 200):
    """`problems`: {"code", "text", "target"} — an error about one competence's form,
    shown in the summary (linking to `target` when set) and next to that form."""
    answer = api.authorized("GET", "/api/assessments/competences")
    if not answer.ok:
        return refused(answer)
    problems = problems or []
    max_level = as_int(answer.body.get("maxLevel"))
    areas: list[dict[str, Any]] = []
    for raw in answer.body.get("competences") or []:
        if not isinstance(raw, dict):
            continue
        entry = _competence(raw, max_level, problems)
        if not areas or areas[-1]["code"] != entry["areaCode"]:
            areas.append({"code": entry["areaCode"], "title": raw.get("areaTitle", ""), "competences": []})
        areas[-1]["competences"].append(entry)
    key = NOTICES.get(request.args.get("info", ""))
    return render_template("competences.html", areas=areas, total=as_int(answer.body.get("totalPix")),
                           max_level=max_level, problems=problems, notice=t(key) if key else None), status


def _competence(raw: dict[str, Any], max_level: int, problems: list[dict[str, str]]) -> dict[str, Any]:
    code = str(raw.get("code", ""))
    assessment_id = raw.get("assessmentId")
    return {
        "code": code, "slug": code.replace(".", "-"), "title": raw.get("title", ""),
        "areaCode": str(raw.get("areaCode", "")), "level": as_int(raw.get("level")), "pix": as_int(raw.get("pix")),
        "progress": as_int(raw.get("progress")), "evaluated": bool(raw.get("evaluated")),
        "assessmentId": assessment_id if isinstance(assessment_id, str) and ID.fullmatch(assessment_id) else None,
        "canImprove": bool(raw.get("canImprove")), "canReset": bool(raw.get("canReset")),
        "atMax": bool(max_level) and as_int(raw.get("level")) >= max_level,
        "resetAvailableAt": _date(raw.get("resetAvailableAt")),
        "errors": [p["text"] for p in problems if p.get("code") == code],
    }


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value[:40]
    return moment.strftime("%d/%m/%Y" if i18n.language() == "fr" else "%Y-%m-%d")


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
        return _competences_page([{"code": code, "text": api_message(answer), "target": f"competence-{_slug(code)}"}],
                                 error_status(answer))
    return see("web.assessment.assessment", assessment_id=assessment_id)


@page(path={"code": is_code})
def reset(code: str):
    target = f"reset-confirm-{_slug(code)}"
    if not checked("confirm"):
        return _competences_page([{"code": code, "text": t("error.resetConfirm"), "target": target}], 422)
    answer = api.authorized("POST", f"/api/assessments/competences/{code}/reset")
    if answer.status == 401:
        return session_expired()
    if not answer.ok:
        return _competences_page([{"code": code, "text": api_message(answer), "target": target}], error_status(answer))
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
