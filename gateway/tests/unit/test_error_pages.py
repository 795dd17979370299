"""Browsers get pages, never the APIs' JSON: an unknown address, a missing static file or a
form's address opened by hand is an HTML page in the pages' language with a way back, while
/api/… and the cluster's paths keep their JSON errors. And the site's robots.txt and icon."""
from __future__ import annotations

import html
import re

import pytest
from pix_gateway.web import site_views

from .conftest import gateway_app, web_browser


@pytest.fixture
def visitor():
    return web_browser({})


def heading(answer) -> str:
    return html.unescape(re.search(r"<h1>(.*?)</h1>", answer.get_data(as_text=True)).group(1))


@pytest.mark.parametrize("path", ["/mon-profil/", "/nulle-part", "/static/absent.css", "/evaluation/a-1/x/y",
                                  "/robots.txt/"])
def test_an_unknown_address_is_a_page_in_french(visitor, path):
    answer = visitor.get(path)
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert heading(answer) == "Page introuvable"
    page = answer.get_data(as_text=True)
    assert '<html lang="fr">' in page and 'href="/"' in page and 'href="/mon-profil"' in page


def test_the_same_page_in_english_after_the_switch(visitor):
    visitor.get("/langue/en?next=/mon-profil/")
    answer = visitor.get("/mon-profil/")
    assert answer.status_code == 404 and heading(answer) == "Page not found"
    assert '<html lang="en">' in answer.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/mon-compte/nom", "/mon-compte/suppression", "/deconnexion",
                                  "/evaluation/a-1/reponse", "/mes-tests/1.1/commencer"])
def test_a_form_address_opened_by_hand_is_a_page_that_keeps_the_allow_header(visitor, path):
    answer = visitor.get(path)
    assert answer.status_code == 405 and answer.mimetype == "text/html"
    assert "POST" in answer.headers["Allow"] and heading(answer) == "Adresse à ne pas ouvrir ainsi"


@pytest.mark.parametrize("path", ["/api/nulle-part", "/api", "/metrics", "/ready"])
def test_the_apis_and_the_cluster_paths_keep_json(visitor, path):
    answer = visitor.get(path)
    assert answer.status_code == 404 and answer.is_json and answer.get_json()["code"] == "NOT_FOUND"


def test_an_unexpected_failure_on_a_page_is_a_page_too(visitor):
    app = visitor.application

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    answer = visitor.get("/boom")
    assert answer.status_code == 500 and answer.mimetype == "text/html" and "a bug" not in answer.get_data(as_text=True)


def test_robots_txt_keeps_search_engines_off_personal_pages_and_the_apis(visitor):
    answer = visitor.get("/robots.txt")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    lines = answer.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *" and "Allow: /" in lines
    for private in ("/api/", "/mon-compte", "/mon-profil", "/mes-tests", "/evaluation/", "/administration"):
        assert f"Disallow: {private}" in lines


def test_every_private_prefix_of_robots_txt_is_an_address_of_the_site():
    rules = [rule.rule for rule in gateway_app({}).url_map.iter_rules()]
    assert all(any(rule.startswith(prefix) for rule in rules) for prefix in site_views.PRIVATE_PREFIXES)


def test_the_icon_is_served_at_the_address_browsers_ask_and_linked_from_every_page(visitor):
    icon = visitor.get("/favicon.ico")
    assert icon.status_code == 200 and icon.get_data()[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert visitor.get("/static/favicon.svg").status_code == 200
    page = visitor.get("/").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in page and 'href="/favicon.ico"' in page
