"""The home page and the placeholders of the features still to come."""
from __future__ import annotations

from flask import Blueprint, render_template

from .i18n import t
from .pages_common import notice

# endpoint → (path, the navigation text that is also the page's title)
SOON: dict[str, tuple[str, str]] = {}


def home():
    return render_template("home.html", notice=notice())


def _soon(key: str):
    return lambda: render_template("soon.html", title=t(key))


def blueprint() -> Blueprint:
    bp = Blueprint("home", __name__)
    bp.add_url_rule("/", "home", home, methods=["GET"])
    for endpoint, (path, key) in SOON.items():
        bp.add_url_rule(path, endpoint, _soon(key), methods=["GET"])
    return bp
