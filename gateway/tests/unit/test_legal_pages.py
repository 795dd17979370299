"""The legal pages: public, in both languages with the same shape, linked from every page's
footer, and the accessibility statement says its conformity and its audit's date."""
from __future__ import annotations

import html
import re

import pytest
from pix_gateway.web.legal_views import LEGAL_PAGES
from pix_gateway.web.texts.legal import AUDIT_DATE, PAGES

from .conftest import web_browser


@pytest.fixture
def visitor():
    return web_browser({})


def test_every_page_has_the_same_sections_in_french_and_english():
    assert set(PAGES["fr"]) == set(PAGES["en"]) == set(LEGAL_PAGES)
    for name in LEGAL_PAGES:
        shape = {lang: [[len(b) if isinstance(b, list) else 0 for b in blocks] for _, blocks in PAGES[lang][name]]
                 for lang in ("fr", "en")}
        assert shape["fr"] == shape["en"], name
        assert len(shape["fr"]) >= 3, name  # real content, not a placeholder


@pytest.mark.parametrize(("path", "fr", "en"), [
    ("/mentions-legales", "Mentions légales", "Legal notices"),
    ("/conditions-utilisation", "Conditions d'utilisation", "Terms of use"),
    ("/donnees-personnelles", "Politique de protection des données", "Personal data policy"),
    ("/accessibilite", "Déclaration d'accessibilité", "Accessibility statement")])
def test_each_page_is_public_and_in_the_chosen_language(visitor, path, fr, en):
    page = visitor.get(path)
    assert page.status_code == 200 and f"<h1>{fr}</h1>" in html.unescape(page.get_data(as_text=True))
    visitor.set_cookie("pix_lang", "en")
    assert f"<h1>{en}</h1>" in html.unescape(visitor.get(path).get_data(as_text=True))


def test_the_accessibility_statement_says_its_state_and_its_audit(visitor):
    page = html.unescape(visitor.get("/accessibilite").get_data(as_text=True))
    assert "partiellement conforme" in page and "RGAA" in page and AUDIT_DATE["fr"] in page
    assert "Défenseur des droits" in page
    assert len(re.findall(r"<h2 ", page)) >= 6


def test_the_data_policy_says_what_is_kept_and_for_how_long(visitor):
    page = html.unescape(visitor.get("/donnees-personnelles").get_data(as_text=True))
    for said in ("argon2id", "12 heures", "24 heures", "pix_session", "pix_lang", "CNIL", "Anonyme"):
        assert said in page, said
