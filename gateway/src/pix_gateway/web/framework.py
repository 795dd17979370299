"""The framework's names as assessment publishes them (`GET /api/framework`: areas →
competences → tubes with their skills' levels), for the pages that show codes sharing
sends (snapshots, figures, campaign targets). A page never fails for it: without an
answer, a competence is shown by its code."""
from __future__ import annotations

from typing import Any

from . import api

FRAMEWORK_PATH = "/api/framework"


def areas() -> list[dict[str, Any]]:
    """[{code, title, competences: [{code, title, tubes: [{name, title}]}]}], cleaned; [] when away."""
    answer = api.call("GET", FRAMEWORK_PATH)
    raw = answer.body.get("areas") if answer.ok else None
    out = []
    for area in raw if isinstance(raw, list) else []:
        if not isinstance(area, dict):
            continue
        competences = []
        for c in area.get("competences") or []:
            if not isinstance(c, dict) or not isinstance(c.get("code"), str):
                continue
            tubes = [{"name": str(tube["name"]), "title": str(tube.get("title") or tube["name"])}
                     for tube in c.get("tubes") or [] if isinstance(tube, dict) and isinstance(tube.get("name"), str)]
            competences.append({"code": c["code"], "title": str(c.get("title") or c["code"]), "tubes": tubes})
        out.append({"code": str(area.get("code") or ""), "title": str(area.get("title") or ""),
                    "competences": competences})
    return out


def competence_titles(listing: list[dict[str, Any]] | None = None) -> dict[str, str]:
    """Competence code → title (from `areas()` unless given)."""
    return {c["code"]: c["title"] for area in (areas() if listing is None else listing) for c in area["competences"]}
