"""`/api/docs`: the public API's description as a page for people (api_docs_page.py), Swagger UI
served from the gateway itself under a CSP that names no other origin."""
from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest
from pix_gateway import api_docs_page
from pix_gateway.app import SECURITY_HEADERS
from pix_gateway.web import i18n, sessions
from pix_gateway.web.texts import api_docs as texts

from .conftest import gateway_app

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture
def client():
    app = gateway_app({})
    app.extensions["pix_web"].sessions = sessions.MemoryStore()
    return app.test_client()


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


def test_the_page_is_french_by_default_and_needs_no_token(client):
    page = client.get("/api/docs")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert "<title>Documentation de l&#39;API Pix — Pix</title>" in html
    assert "<h1>Documentation de l&#39;API Pix</h1>" in html
    assert '<main id="contenu"' in html and "<header" in html and "<footer" in html  # the site's landmarks
    assert 'aria-label="Référence de l&#39;API"' in html


def test_the_page_is_in_english_when_chosen(client):
    client.set_cookie(i18n.COOKIE, "en")
    html = client.get("/api/docs").get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>Pix API documentation</h1>" in html


def test_swagger_ui_reads_the_public_document_and_everything_it_loads_is_local(client):
    html = client.get("/api/docs").get_data(as_text=True)
    assert 'data-document="/api/openapi.json"' in html
    loaded = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert {"/api/docs/swagger-ui/swagger-ui-bundle.js", "/api/docs/swagger-ui/swagger-ui.css",
            "/static/apidocs/api-docs.js", "/static/apidocs/api-docs.css"} <= set(loaded)
    assert all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded
    assert "<script>" not in html  # no inline script: the CSP would refuse it


def test_the_pages_csp_is_the_gateways_with_data_images_only(client):
    policy = directives(client.get("/api/docs").headers["Content-Security-Policy"])
    gateway = directives(SECURITY_HEADERS["Content-Security-Policy"])
    assert policy == {**gateway, "img-src": "'self' data:"}
    assert not any(re.search(r"https?:|\*|'unsafe-", sources) for sources in policy.values())


def test_the_swagger_ui_files_are_served_and_nothing_else_of_the_package(client):
    script = client.get("/api/docs/swagger-ui/swagger-ui-bundle.js")
    assert script.status_code == 200 and script.mimetype in ("text/javascript", "application/javascript")
    assert b"SwaggerUIBundle" in script.data
    style = client.get("/api/docs/swagger-ui/swagger-ui.css")
    assert style.status_code == 200 and style.mimetype == "text/css" and b".swagger-ui" in style.data
    for other in ("index.css", "oauth2-redirect.html", "LICENSE", "nothing.js"):
        assert client.get(f"/api/docs/swagger-ui/{other}").status_code == 404, other


def test_the_pages_own_start_up_and_style_are_static_files(client):
    assert b"SwaggerUIBundle(" in client.get("/static/apidocs/api-docs.js").data
    assert b".swagger-ui" in client.get("/static/apidocs/api-docs.css").data


def test_the_bundle_is_the_pinned_swagger_ui():
    pinned = [d for d in tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
              if d.startswith("flask-swagger-ui==")]
    assert len(pinned) == 1
    assert (api_docs_page.SWAGGER_UI / "VERSION").read_text().strip() == "v" + pinned[0].split("==")[1]


def test_a_person_signed_in_sees_the_frame_of_a_signed_in_page(client):
    store = client.application.extensions["pix_web"].sessions
    store.save({"_id": "s" * 32, "csrf": "c" * 32, "touchedAt": time.time(), "accessToken": "a.b.c", "roles": []})
    client.set_cookie(sessions.COOKIE, "s" * 32)
    html = client.get("/api/docs").get_data(as_text=True)
    assert "Se déconnecter" in html and "Se connecter<" not in html


def test_french_and_english_have_the_same_texts():
    assert sorted(texts.TEXTS["fr"]) == sorted(texts.TEXTS["en"])
    assert all(text.strip() for lang in ("fr", "en") for text in texts.TEXTS[lang].values())
