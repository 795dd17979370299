"""`/api/docs` as a person reads it, in Chromium against the whole platform: the footer leads
there, Swagger UI draws every operation of `/api/openapi.json` under the page's real CSP with
nothing loaded from another origin, "Try it out" calls the API, the page switches to English,
and axe-core finds nothing serious or critical, operations and dialog open."""
from __future__ import annotations

import re

import pytest
import requests

from .test_accessibility import Audit, axe_script  # noqa: F401 - axe_script is a fixture

pytestmark = pytest.mark.timeout(240)

RECORD_CSP_VIOLATIONS = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""
METHODS = ("get", "put", "post", "delete", "patch")


def documented_operations(base: str) -> int:
    document = requests.get(f"{base}/api/openapi.json", timeout=15).json()
    return sum(1 for item in document["paths"].values() for method in item if method in METHODS)


def operation(page, tag: str, method: str, path: str):
    """An operation's block, by Swagger UI's id (tag, method and path with _ for symbols)."""
    return page.locator(f"#operations-{tag}-{method}{re.sub(r'[^a-zA-Z0-9]', '_', path)}")


def shown(page, base: str) -> None:
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == documented_operations(base)


def test_the_footer_leads_to_the_docs_that_work_under_their_csp_from_this_site_only(platform, page):
    base, elsewhere = platform.gateway_url, []
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.on("request", lambda request: elsewhere.append(request.url) if not request.url.startswith(base) else None)
    page.goto(base)
    page.get_by_role("contentinfo").get_by_role("link", name=re.compile("API")).click()
    page.wait_for_url(f"{base}/api/docs")
    assert page.title() == "Documentation de l'API Pix — Pix"
    assert page.get_by_role("heading", level=1, name="Documentation de l'API Pix").is_visible()
    assert page.locator("main#contenu").get_by_role("region", name="Référence de l'API").is_visible()
    shown(page, base)

    token = operation(page, "tokens", "post", "/api/token")
    assert "Se connecter : jeton d'accès" in token.inner_text()  # the services' own (French) summaries
    framework = operation(page, "framework", "get", "/api/framework")
    framework.locator(".opblock-summary-control").click()
    framework.get_by_role("button", name="Try it out").click()
    framework.get_by_role("button", name="Execute").click()
    answer = framework.locator(".live-responses-table tr.response")
    answer.wait_for()
    assert answer.locator(".response-col_status").inner_text().strip() == "200"
    assert '"areas"' in answer.locator(".microlight").first.inner_text()

    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(f"{base}/api/docs")
    assert page.get_by_role("heading", level=1, name="Pix API documentation").is_visible()
    shown(page, base)
    assert page.evaluate("window.cspViolations") == [] and elsewhere == []


def test_the_docs_have_no_serious_accessibility_finding(axe_script, platform, browser):  # noqa: F811
    context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page, base = context.new_page(), platform.gateway_url
    audit = Audit(page, axe_script)
    try:
        page.goto(f"{base}/api/docs")
        shown(page, base)
        audit.check("API docs")

        # Every operation opened, one tag at a time: Swagger UI re-renders every open block on
        # each click, so with all 54 open a click took over 10 s on this machine.
        for section in page.locator(".opblock-tag-section").all():
            controls = section.locator(".opblock-summary-control").all()
            for summary in controls:
                summary.click()
            audit.check(f"API docs, the operations of {section.locator('.opblock-tag').get_attribute('data-tag')} open")
            for summary in controls:
                summary.click()
        for tag, method, path in (("users", "post", "/api/users"), ("profile", "get", "/api/profile/{user_id}"),
                                  ("admin_users", "get", "/api/admin/users")):
            block = operation(page, tag, method, path)
            block.locator(".opblock-summary-control").click()
            block.get_by_role("button", name="Try it out").click()
        profile = operation(page, "profile", "get", "/api/profile/{user_id}")
        profile.get_by_role("textbox").fill("nobody")
        profile.get_by_role("button", name="Execute").click()
        profile.locator(".live-responses-table").wait_for()
        audit.check("API docs, some operations tried")

        page.get_by_role("button", name=re.compile("^Authorize")).first.click()
        page.get_by_role("dialog", name="Available authorizations").wait_for()
        audit.check("API docs, the Authorize dialog")
        audit.assert_clean()
    finally:
        context.close()
