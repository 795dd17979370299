"""The certification page, /certification (docs/domain.md §6), open to all: what a certification
is (a test in an accredited center, under an invigilator) and who may take one (at least 5
competences at level 1 or more); signed in, whether the person may, why not, and the
competences that count. It reads certification's `GET /api/certification/eligibility`; the
competences' titles come from assessment's framework (a code alone when it is away)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from . import api, framework
from .i18n import t
from .pages_common import error_page, page, refused, signed_in
from .wording import plural

ELIGIBILITY_PATH = "/api/certification/eligibility"


@page(login=False)
def certification():
    if not signed_in():  # a visitor's session (a form's CSRF token, the invigilator's) is not a sign-in
        return render_template("certification.html", signed_out=True)
    answer = api.authorized("GET", ELIGIBILITY_PATH)
    if not answer.ok:
        return refused(answer)
    body = answer.body
    if not isinstance(body.get("eligible"), bool) or not isinstance(body.get("levels"), list):
        return error_page(t("error.unexpected"), 503)
    return render_template("certification.html", **standing(body, framework.competence_titles()))


def standing(body: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """What the page says: eligible or how many more, and the competences that count."""
    certifiable = [{"code": item["code"], "title": titles.get(item["code"], ""), "level": item["level"]}
                   for item in body["levels"]
                   if isinstance(item, dict) and item.get("certifiable") and isinstance(item.get("code"), str)]
    missing = body.get("missing") if isinstance(body.get("missing"), int) else 0
    required = body.get("required") if isinstance(body.get("required"), int) else 5
    return {"eligible": body["eligible"], "certifiable": certifiable,
            "counted": plural("certification.counted", len(certifiable), required=required),
            "missing": plural("certification.missing", missing) if not body["eligible"] else ""}


def blueprint() -> Blueprint:
    bp = Blueprint("certification", __name__)
    bp.add_url_rule("/certification", "certification", certification, methods=["GET"])
    return bp
