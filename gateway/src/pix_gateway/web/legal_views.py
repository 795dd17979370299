"""The legal pages every public French platform owes its users, linked from the footer of
every page: the legal notices, the terms of use (which sign-up asks to accept), the
personal-data policy and the accessibility statement (RGAA). Public: no sign-in needed.
Their content is texts/legal.py's PAGES, in the pages' language."""
from __future__ import annotations

from flask import Blueprint, render_template

from .i18n import language, t
from .texts.legal import PAGES, UPDATED

# endpoint → (address, title key)
LEGAL_PAGES = {"notices": ("/mentions-legales", "legal.notices"),
               "terms": ("/conditions-utilisation", "legal.terms"),
               "privacy": ("/donnees-personnelles", "legal.privacy"),
               "accessibility": ("/accessibilite", "legal.accessibility.title")}


def _page(name: str, title_key: str):
    def view():
        lang = language()
        others = [(f"web.legal.{other}", key) for other, (_, key) in LEGAL_PAGES.items() if other != name]
        return render_template("legal.html", name=name, title=t(title_key), sections=PAGES[lang][name],
                               updated=UPDATED[lang], others=others)
    view.__name__ = f"legal_{name}"
    return view


def blueprint() -> Blueprint:
    bp = Blueprint("legal", __name__)
    for name, (path, key) in LEGAL_PAGES.items():
        bp.add_url_rule(path, name, _page(name, key), methods=["GET"])
    return bp
