"""What the test-taking pages share (competence_views, assessment_views): the ids they
accept, the redirects, the signed-in check and the error pages."""
from __future__ import annotations

import re
from typing import Any

from flask import redirect, render_template

from . import identity, sessions
from .forms import api_message
from .i18n import t

ID = re.compile(r"[a-z0-9-]{1,80}")  # assessment and challenge ids


def see(path: str):
    return redirect(path, code=303)


def signed_in() -> bool:
    record = sessions.current()
    return bool(record and record.get("accessToken"))


def error_status(answer: identity.Answer) -> int:
    return answer.status if 400 <= answer.status < 500 else 503


def error_page(message: str, status: int):
    return render_template("error.html", message=message), status


def not_found():
    return error_page(t("error.notFound"), 404)


def refused(answer: identity.Answer):
    """An API refusal as a page: sign in again on 401, else the API's words."""
    if answer.status == 401:
        return see("/connexion?info=expired")
    return error_page(api_message(answer), error_status(answer))


def as_int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
