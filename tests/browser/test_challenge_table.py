"""A challenge whose instruction holds a table shows a table, in a real browser.

Which challenge the adaptive test asks depends on the assessment's own id, so the bank's
one table (2.3's shared calendar) cannot be reached on purpose through the whole platform
(test_tests_next_steps.py checks any table it happens to meet). Here the real gateway, served
over loopback, draws the real challenge as assessment's own view serializer gives it, from
small stand-ins of identity and assessment; Chromium lays the page out, and the test reads
what a person sees: a grid of cells with their headers, no Markdown left, in both languages.
"""
from __future__ import annotations

import threading
import uuid

import pytest
from flask import Flask, jsonify, request
from pix_assessment.domain.content import load_bank
from pix_assessment.entrypoints.views import challenge_view
from pix_gateway import security
from pix_gateway.app import create_app
from pix_gateway.web import sessions
from pixkit.testing import FakeDatabase, unit_settings
from werkzeug.serving import make_server

from . import test_accessibility as accessibility
from .test_accessibility import Audit

TABLE_CHALLENGE = "agendas2-jours-libres"
ASSESSMENT = str(uuid.uuid4())
axe_script, page = accessibility.axe_script, accessibility.page  # axe needs the CSP bypassed
EMAIL, PASSWORD = "lea.martin@example.fr", "Calendrier-2026"  # noqa: S105 - a stand-in's account


def stand_in_identity() -> Flask:
    app = Flask("identity_stand_in")
    tokens: set[str] = set()

    @app.post("/api/token")
    def token():
        body = request.get_json()
        if (body.get("email"), body.get("password")) != (EMAIL, PASSWORD):
            return jsonify(code="INVALID_CREDENTIALS", message="refusé", details={}), 401
        access = uuid.uuid4().hex
        tokens.add(access)
        return jsonify(accessToken=access, tokenType="Bearer", expiresIn=600, refreshToken=uuid.uuid4().hex)

    @app.get("/api/users/me")
    def me():
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in tokens:
            return jsonify(code="INVALID_TOKEN", message="refusé", details={}), 401
        return jsonify(id=str(uuid.uuid4()), firstName="Léa", lastName="Martin", email=EMAIL, roles=[])

    app.tokens = tokens
    return app


def stand_in_assessment(identity: Flask) -> Flask:
    app = Flask("assessment_stand_in")
    challenge = load_bank().challenge_by_id[TABLE_CHALLENGE]

    @app.get(f"/api/assessments/{ASSESSMENT}")
    def assessment():
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in identity.tokens:
            return jsonify(code="INVALID_TOKEN", message="refusé", details={}), 401
        lang = "en" if request.headers.get("Accept-Language") == "en" else "fr"
        return jsonify(id=ASSESSMENT, competenceCode="2.3", competenceTitle="Collaborer", kind="positioning",
                       state="started", progress={"answered": 0, "checkpointEvery": 5}, checkpoint=None,
                       result=None, review=None, challenge=challenge_view(challenge, lang, ASSESSMENT))

    return app


def serve(app: Flask):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def gateway_url():
    identity = stand_in_identity()
    identity_server, identity_url = serve(identity)
    assessment_server, assessment_url = serve(stand_in_assessment(identity))
    limits = FakeDatabase()["rate_limits"]
    limiter = security.RateLimiter(lambda: limits, security.parse_limits(None))
    urls = {"identity": identity_url, "assessment": assessment_url}
    app = create_app(unit_settings("gateway", service_urls=urls), verify=lambda token: None, limiter=limiter,
                     env={"PIX_INTERNAL_BIND": "127.0.0.1:0"})
    app.extensions["pix_web"].sessions = sessions.MemoryStore()
    gateway_server, url = serve(app)
    servers = [identity_server, assessment_server, gateway_server]
    yield url
    for server in servers:
        server.shutdown()


def sign_in_to_the_challenge(page, gateway_url: str) -> None:
    page.goto(f"{gateway_url}/connexion?next=/evaluation/{ASSESSMENT}")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action^='/connexion'] button[type=submit]")
    page.wait_for_url(f"**/evaluation/{ASSESSMENT}")


def cells(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


@pytest.mark.parametrize("lang, days, first_row, label", [
    ("fr", ["lundi", "mardi", "mercredi", "jeudi", "vendredi"], ["Sophie", "occupée", "", "", "", "occupée"],
     "Premier jour"),
    ("en", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], ["Sophie", "busy", "", "", "", "busy"],
     "First day"),
])
def test_the_bank_s_table_is_a_grid_with_its_headers(gateway_url, page, axe_script, lang, days, first_row, label):
    if lang == "en":
        page.goto(f"{gateway_url}/langue/en?next=/")
    sign_in_to_the_challenge(page, gateway_url)
    instruction = page.locator(".instruction")
    assert instruction.locator("table").count() == 1
    assert cells(page, ".instruction table thead th[scope=col]") == days
    assert cells(page, ".instruction table tbody tr:first-child > *") == first_row
    # Laid out as a grid: the five day headers side by side on one line, left to right.
    header = page.locator(".instruction thead tr > *")
    assert header.count() == 6  # the names' column, then the five days
    boxes = [header.nth(n).bounding_box() for n in range(6)]
    assert len({round(box["y"]) for box in boxes}) == 1
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
    seen = instruction.inner_text()
    assert "|" not in seen and "---" not in seen
    assert page.get_by_label(label).count() == 1  # the answer fields under it, labelled
    audit = Audit(page, axe_script)
    audit.check(f"challenge with a table ({lang})")
    audit.assert_clean()
