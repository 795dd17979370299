"""The observatory's figures (/organisations/<id>/statistiques), from sharing's `GET
/api/organizations/<id>/statistics`: per competence the levels among the shared profiles
and their averages, and the profiles received per month. Drawn as SVG by the server (no
script, no library: bars whose sizes are computed here), each chart an image with a title
and a description, and the same figures as tables (caption, th scope) for whoever cannot
see the charts.

The blueprint is nested in `web`: endpoints `web.statistics.*`."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from . import api, framework
from .organization_views import ORGANIZATIONS_PATH, organization, organization_shown
from .pages_common import as_int, is_id, page, refused_here
from .wording import decimal, month

LEVELS = range(9)  # 0 (not evaluated) to 8
BAR = 22  # px: one bar's height, its gap included
LABEL = 56  # px: room for a bar's label on the left
WIDTH = 480  # px: the longest bar
MAX_MONTHS = 36


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def bars(items: list[tuple[str, float]], scale: float) -> dict[str, Any]:
    """Horizontal bars: each (label, value) with its y and width, on a scale of `scale`."""
    top = scale if scale > 0 else 1
    drawn = [{"label": label, "value": value, "y": i * BAR, "width": round(WIDTH * min(value, top) / top, 1)}
             for i, (label, value) in enumerate(items)]
    return {"bars": drawn, "height": max(len(drawn), 1) * BAR + 24, "width": LABEL + WIDTH + 48,
            "label": LABEL, "axis": WIDTH, "scale": top}


def stacked(rows: list[tuple[str, list[int]]]) -> dict[str, Any]:
    """One bar per competence split by level: each part's x and width, in % of the profiles."""
    out = []
    for i, (label, counts) in enumerate(rows):
        total = sum(counts) or 1
        x, parts = 0.0, []
        for level, count in enumerate(counts):
            width = round(WIDTH * count / total, 1)
            if count:
                parts.append({"level": level, "x": round(x, 1), "width": width, "count": count})
            x += width
        out.append({"label": label, "y": i * BAR, "parts": parts})
    return {"bars": out, "height": max(len(out), 1) * BAR + 24, "width": LABEL + WIDTH + 8, "label": LABEL}


@page(path={"org_id": is_id})
def statistics(org_id: str):
    head = organization(org_id)
    if not head.ok:
        return refused_here(head)
    answer = api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}/statistics")
    if not answer.ok:
        return refused_here(answer)
    body = answer.body
    titles = framework.competence_titles()
    competences = []
    for c in body.get("competences") or []:
        if not isinstance(c, dict) or not isinstance(c.get("code"), str):
            continue
        levels = [as_int(n) for n in (c.get("levels") or [])[:len(LEVELS)]] if isinstance(c.get("levels"), list) else []
        levels += [0] * (len(LEVELS) - len(levels))
        competences.append({"code": c["code"], "title": titles.get(c["code"], ""), "levels": levels,
                            "averageLevel": _number(c.get("averageLevel")), "averagePix": _number(c.get("averagePix"))})
    months = []
    for m in (body.get("months") or [])[-MAX_MONTHS:] if isinstance(body.get("months"), list) else []:
        if isinstance(m, dict) and month(m.get("month")):
            months.append({"label": month(m.get("month")), "key": m["month"], "shares": as_int(m.get("shares")),
                           "averagePix": _number(m.get("averagePix"))})
    figures = {"count": as_int(body.get("count")), "averagePix": decimal(body.get("averagePix")),
               "averagePercent": decimal(body.get("averagePercent"))}
    charts = {"averages": bars([(c["code"], c["averageLevel"]) for c in competences], 8),
              "levels": stacked([(c["code"], c["levels"]) for c in competences]),
              "months": bars([(m["key"], float(m["shares"])) for m in months],
                             max((m["shares"] for m in months), default=0))}
    return render_template("statistics.html", org=organization_shown(head.body, org_id), figures=figures,
                           competences=competences, months=months, charts=charts, levels=LEVELS, decimal=decimal)


def blueprint() -> Blueprint:
    bp = Blueprint("statistics", __name__)
    bp.add_url_rule("/organisations/<org_id>/statistiques", "statistics", statistics, methods=["GET"])
    return bp
