"""The profile page, /mon-profil (docs/domain.md §1, §5): the result, to look at and to
share — the total pix, how much of the profile is complete (evaluated competences / 16,
rounded down), then the 5 areas (each with its evaluated competences and pix) and each
competence's level (text and gauge) and pix. What to do next is the tests page's
(competence_views); the profile links to it once.

It reads the assessment service's `GET /api/assessments/competences`, which is exact right
after a test, not the profile service's read model (which may lag behind). The blueprint
is nested in `web` (web/__init__.py): endpoints `web.profile.*`, under the same CSRF
check and session handling as the other pages."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from pix_contracts.framework import AREA_CODES, COMPETENCE_CODES

from . import api
from .i18n import t
from .pages_common import error_page, page, refused
from .wording import plural

COMPETENCES_PATH = "/api/assessments/competences"
FRAMEWORK_SIZE = len(COMPETENCE_CODES)  # completion = evaluated / 16
DEFAULT_MAX_LEVEL = 5
CODES = frozenset(COMPETENCE_CODES + AREA_CODES)  # the codes a link may carry as its anchor


@page()
def profile():
    answer = api.authorized("GET", COMPETENCES_PATH)
    if not answer.ok:
        return refused(answer)
    raw = answer.body.get("competences")
    if not isinstance(raw, list):
        return error_page(t("error.unexpected"), 503)
    numbers = summary(answer.body, raw)
    for area in numbers["areas"]:
        area["standing"] = plural("profile.area.evaluated", area["evaluated"], total=len(area["competences"]))
    return render_template("profile.html", **numbers)


def summary(body: dict[str, Any], raw: list[Any]) -> dict[str, Any]:
    """The page's numbers and the competences grouped by area, in the API's order."""
    max_level = _int(body.get("maxLevel")) or DEFAULT_MAX_LEVEL
    competences = [_competence(item, max_level) for item in raw if isinstance(item, dict)]
    areas: dict[str, dict[str, Any]] = {}
    for c in competences:
        area = areas.setdefault(c["areaCode"], {"code": c["areaCode"], "title": c["areaTitle"], "competences": []})
        area["competences"].append(c)
    for area in areas.values():
        area["evaluated"] = sum(1 for c in area["competences"] if c["evaluated"])
        area["pix"] = sum(c["pix"] for c in area["competences"])
    evaluated = len({c["code"] for c in competences if c["evaluated"]})
    total = body.get("totalPix")
    return {
        "areas": list(areas.values()), "max_level": max_level, "evaluated": evaluated,
        "framework_size": FRAMEWORK_SIZE,
        "total": total if _is_int(total) and total >= 0 else sum(c["pix"] for c in competences),
        "percent": min(evaluated * 100 // FRAMEWORK_SIZE, 100),
    }


def _competence(raw: dict[str, Any], max_level: int) -> dict[str, Any]:
    code = str(raw.get("code", ""))
    level = min(max(_int(raw.get("level")), 0), max_level)
    evaluated = bool(raw.get("evaluated"))
    return {
        "code": code, "slug": code.replace(".", "-") if code in CODES else None,
        "title": str(raw.get("title") or ""), "areaCode": str(raw.get("areaCode", "")),
        "areaTitle": str(raw.get("areaTitle") or ""), "level": level, "pix": max(_int(raw.get("pix")), 0),
        "evaluated": evaluated, "atMax": evaluated and level >= max_level,
    }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(value: Any) -> int:
    return value if _is_int(value) else 0


def blueprint() -> Blueprint:
    bp = Blueprint("profile", __name__)
    bp.add_url_rule("/mon-profil", "profile", profile, methods=["GET"])
    return bp
