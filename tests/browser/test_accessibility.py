"""An automated accessibility check of the main pages with axe-core (WCAG 2.0 / 2.1, A and AA
rules), in a real browser, against the whole platform (`platform` fixture): the public pages
(the legal pages and the error pages among them), the sign-up page with its error summary,
then, signed in, the account, the tests, the profile,
a challenge, the checkpoint recap and the result of a test. A violation of impact "serious" or
"critical" fails the test; every violation found is listed in the failure message.

One check axe does not make is added: at 320 CSS px wide, no page scrolls sideways (WCAG 1.4.10
Reflow), reported as the violation "reflow-320" (serious).

axe-core is installed, pinned, by deploy/local/setup.sh into $PIX_CACHE/node (docs/accessibility.md).
axe can only find part of the problems: this does not replace checking by hand (keyboard, screen
reader, zoom)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ..e2e.people import new_person
from .test_account_journey import log_in

pytestmark = pytest.mark.timeout(240)

CACHE = Path(os.environ.get("PIX_CACHE", Path.home() / ".cache" / "pix"))
AXE = CACHE / "node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""
REFLOW_WIDTH = 320
# The deepest elements sticking out on the right of a 320 px wide viewport.
OVERFLOW = """(width) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1
               && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run deploy/local/setup.sh (it installs the pinned axe-core "
                    f"into $PIX_CACHE/node with npm)")
    return AXE


@pytest.fixture
def page(browser):
    """As conftest's page, but axe is injected as an inline script, which the gateway's
    Content-Security-Policy (default-src 'self') rightly refuses: this context bypasses it."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class Audit:
    """Runs axe on each page it is shown; keeps every violation, by page."""

    def __init__(self, page, script: Path):
        self.page, self.script, self.found = page, script, []

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(path=str(self.script))
        for violation in self.page.evaluate(RUN, TAGS):
            self.found.append((name, self.page.url, violation))
        self._reflow(name)

    def _reflow(self, name: str) -> None:
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        try:
            if self.page.evaluate("document.documentElement.scrollWidth") > REFLOW_WIDTH:
                self.found.append((name, self.page.url, {
                    "id": "reflow-320", "impact": "serious", "targets": self.page.evaluate(OVERFLOW, REFLOW_WIDTH),
                    "help": "Content must reflow at 320 CSS px without scrolling sideways (not an axe rule)"}))
        finally:
            self.page.set_viewport_size(size)

    def report(self) -> str:
        lines = []
        for name, url, v in self.found:
            lines.append(f"{name} ({url}): {v['id']} [{v['impact']}] {v['help']}")
            lines += [f"    {target}" for target in v["targets"]]
        return "\n".join(lines)

    def assert_clean(self) -> None:
        blocking = [f for f in self.found if f[2]["impact"] in BLOCKING]
        print(self.report() or "no violation")
        version = self.page.evaluate("window.axe ? axe.version : '?'")
        assert not blocking, (f"{len(blocking)} serious or critical violation(s) (axe-core {version}):\n"
                              f"{self.report()}")


def _skip(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Je passe").click()


def test_the_public_pages(axe_script, platform, page):
    base, audit = platform.gateway_url, Audit(page, axe_script)
    for path, name in (("/", "home"), ("/inscription", "sign-up"), ("/connexion", "log-in"),
                       ("/mot-de-passe-oublie", "forgotten password"), ("/mentions-legales", "legal notices"),
                       ("/conditions-utilisation", "terms of use"), ("/donnees-personnelles", "personal data policy"),
                       ("/accessibilite", "accessibility statement"), ("/mon-profil/", "error page (404)"),
                       ("/mon-compte/nom", "error page (405)"),
                       ("/connexion?info=required&next=/mes-tests", "log-in, asked for a page")):
        page.goto(f"{base}{path}")
        audit.check(name)

    # The sign-up page with its error summary (everything left empty).
    page.goto(f"{base}/inscription")
    with page.expect_navigation():
        page.get_by_role("button", name="Je m'inscris").click()
    assert page.locator(".error-summary[role=alert]").is_visible()
    audit.check("sign-up, with errors")

    # The log-in page with its errors, in English.
    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(re.compile(r"/inscription$"))
    page.goto(f"{base}/connexion")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.locator("html").get_attribute("lang") == "en"
    audit.check("log-in, with errors, in English")
    page.goto(f"{base}/nulle-part")
    audit.check("error page (404), in English")
    page.goto(f"{base}/accessibilite")
    audit.check("accessibility statement, in English")
    audit.assert_clean()


def test_the_pages_of_a_person_signed_in(axe_script, platform, page):
    base, audit = platform.gateway_url, Audit(page, axe_script)
    person = new_person(base, "Axel", "Contraste")
    log_in(page, base, person.email, person.password)
    page.wait_for_url(re.compile(r"/mon-profil$"))
    page.goto(f"{base}/mon-compte")
    audit.check("account")

    page.goto(f"{base}/mon-profil")
    audit.check("profile")
    page.goto(f"{base}/mes-tests")
    audit.check("tests")

    page.get_by_role("button", name=re.compile(r"^Commencer — 1\.3 ")).click()
    page.wait_for_url(re.compile(r"/evaluation/[0-9a-f-]+$"))
    audit.check("challenge")

    # An answer left empty: the challenge page with its error summary.
    with page.expect_navigation():
        page.get_by_role("button", name="Je valide").click()
    assert page.locator(".error-summary[role=alert]").is_visible()
    audit.check("challenge, with errors")

    turn, checkpoint = 0, False
    while page.locator("input[name=challengeId]").count() == 1:
        turn += 1
        _skip(page)
        if "/bilan" in page.url:
            if not checkpoint:
                audit.check("checkpoint")
                checkpoint = True
            with page.expect_navigation():
                page.get_by_role("link", name=re.compile("Continuer|Voir mon résultat")).click()
        assert turn < 40
    assert checkpoint
    assert re.search(r"Vous avez atteint le niveau \d|Aucun niveau atteint pour le moment",
                     page.locator("main").inner_text())
    audit.check("result")

    # The tests and the profile once a competence has been evaluated.
    page.goto(f"{base}/mes-tests")
    audit.check("tests, after a test")
    page.goto(f"{base}/mon-profil")
    audit.check("profile, after a test")
    audit.assert_clean()
