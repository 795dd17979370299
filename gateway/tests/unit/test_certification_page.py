"""The certification page, /certification, against a small fake of certification's eligibility
API (and the identity fake of test_pages for signing in), served over loopback like the real
services: signed-out redirect, eligible or how many more competences, the ones that count with
their titles from the framework (or their code alone when assessment is away), English, and
certification away."""
from __future__ import annotations

import html
import uuid

import pytest
from flask import Flask, jsonify, request

from .conftest import served, web_browser
from .test_pages import fake_identity, sign_up

LEVELS = [{"code": "1.1", "level": 2, "certifiable": True}, {"code": "2.1", "level": 1, "certifiable": True},
          {"code": "3.1", "level": 0, "certifiable": False}]


def fake_certification(identity: Flask) -> Flask:
    app = Flask("fake_certification")

    @app.get("/api/certification/eligibility")
    def eligibility():
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in identity.tokens:
            return jsonify(code="INVALID_TOKEN", message="jeton refusé", details={}), 401
        return jsonify(app.config["BODY"])

    return app


def fake_framework() -> Flask:
    app = Flask("fake_framework")

    @app.get("/api/framework")
    def framework():
        english = request.headers.get("Accept-Language") == "en"
        return jsonify(areas=[{"code": "1", "title": "Information", "competences": [
            {"code": "1.1", "title": "Searching for information" if english else "Mener une recherche", "tubes": []}]}])

    return app


@pytest.fixture(scope="module")
def services():
    identity = fake_identity()
    with served(identity, fake_certification(identity), fake_framework()) as apps:
        yield apps


def browser_for(services, *, assessment_away: bool = False, certification_away: bool = False):
    identity, certification, assessment = services
    identity.config.update(EXPIRES=600)
    browser = web_browser({"identity": identity.url,
                           "certification": "http://127.0.0.1:9" if certification_away else certification.url,
                           "assessment": "http://127.0.0.1:9" if assessment_away else assessment.url})
    assert sign_up(browser, f"{uuid.uuid4().hex[:10]}@example.fr").status_code == 303
    return browser


def not_yet(services, missing: int = 3):
    _, certification, _ = services
    certification.config["BODY"] = {"eligible": False, "certifiableCompetences": ["1.1", "2.1"], "missing": missing,
                                    "required": 5, "levels": LEVELS}


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def test_signed_out_the_page_explains_and_offers_to_sign_in_without_asking_certification(services):
    identity, _, _ = services
    browser = web_browser({"identity": identity.url, "certification": "http://127.0.0.1:9"})
    answer = browser.get("/certification")
    page = text(answer)
    assert answer.status_code == 200
    assert "Il faut au moins 5 compétences de niveau 1 ou plus dans votre profil." in page
    assert 'href="/connexion?next=/certification"' in page
    assert "Vous ne pouvez pas encore" not in page


def test_not_eligible_says_how_many_more_and_lists_the_competences_that_count(services):
    not_yet(services)
    page = text(browser_for(services).get("/certification"))
    assert "Vous ne pouvez pas encore passer la certification." in page
    assert "Il vous manque 3 compétences de niveau 1 ou plus." in page
    assert "2 compétences comptent pour la certification (5 sont nécessaires)." in page
    assert "Mener une recherche — niveau 2" in page
    assert "3.1" not in page.split("Les compétences qui comptent")[1].split("</ul>")[0]


def test_one_missing_reads_in_the_singular_in_english_with_english_titles(services):
    not_yet(services, missing=1)
    browser = browser_for(services)
    assert browser.get("/langue/en?next=/certification").status_code in (302, 303)
    page = text(browser.get("/certification"))
    assert '<html lang="en">' in page and "You cannot take the certification yet." in page
    assert "You need 1 more competence at level 1 or more." in page
    assert "Searching for information — level 2" in page  # the framework's English title


def test_eligible_says_so_and_shows_codes_when_the_framework_is_away(services):
    _, certification, _ = services
    certification.config["BODY"] = {"eligible": True, "certifiableCompetences": ["1.1", "2.1"], "missing": 0,
                                    "required": 5, "levels": LEVELS}
    page = text(browser_for(services, assessment_away=True).get("/certification"))
    assert "Vous pouvez passer la certification." in page
    assert "Il vous manque" not in page
    assert '<span class="code">1.1</span>  — niveau 2' in page


def test_certification_away_is_a_page_that_says_so_not_a_crash(services):
    answer = browser_for(services, certification_away=True).get("/certification")
    assert answer.status_code in (502, 503)
    assert "<h1>" in answer.get_data(as_text=True)
