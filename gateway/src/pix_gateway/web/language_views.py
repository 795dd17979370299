"""The header's language switch: a cookie, then back to the page it was clicked on."""
from __future__ import annotations

from flask import Blueprint, redirect, request

from . import i18n
from .safe_paths import safe_local_path


def switch(lang: str):
    response = redirect(safe_local_path(request.args.get("next")), code=303)
    if lang in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure, path="/")
    return response


def blueprint() -> Blueprint:
    bp = Blueprint("language", __name__)
    bp.add_url_rule("/langue/<lang>", "switch", switch, methods=["GET"])
    return bp
