"""Right after a test, in a real browser against the whole platform (`platform` fixture): the
result page and "Mes tests" say what to do next, and "Retenter" never leads to an error —
either it opens a challenge, or it is not offered and the card says why and from when; a
retry sent anyway (the form of a page left open) comes back to /mes-tests with its reason,
an address that reloads, in either language. On every challenge met, no Markdown syntax is
visible, and a table (2.3's shared calendar, when the adaptive test asks it) is a table;
at the end, each answered challenge with how it went and the expected answer.

Which challenge the adaptive test asks is drawn from the assessment's id, so a given one
cannot be reached on purpose: the table's rendering is pinned in the unit tier
(gateway/tests/unit/test_bank_markdown.py, and test_tests_page.py through the page) and in a
browser on the gateway alone (test_challenge_table.py).
The pages met are checked with axe-core (test_accessibility's Audit)."""
from __future__ import annotations

import re

import pytest

from ..e2e.people import new_person
from . import test_accessibility as accessibility
from .test_accessibility import Audit
from .test_account_journey import log_in

pytestmark = pytest.mark.timeout(300)
# test_accessibility's fixtures: axe-core's script, and a page that lets it past the CSP.
axe_script, page = accessibility.axe_script, accessibility.page

CODE = "2.3"  # Collaborer: its bank holds a table
ERROR_WORDS = ("Une erreur est survenue", "La demande n'a pas abouti", "Something went wrong")
REASONS = re.compile(r"Vous pourrez retenter cette compétence à partir du|Il n'y a pas de nouvelle question|"
                     r"Niveau maximum atteint")
# Markdown left as text, in the words a person reads (code blocks excepted: shown as written).
SYNTAX = re.compile(r"\|\s*:?-{2,}|^\s*\|.*\|\s*$|\*\*|__|^\s*[-*+]\s|^\s*#{1,6}\s|`|\[[^\]\n]*\]\([^)\n]*\)|!\[",
                    re.MULTILINE)
READ_TEXT = """() => {
  const parts = [...document.querySelectorAll('.instruction, .proposal label, .answer-field label')];
  return parts.map(p => { const c = p.cloneNode(true); c.querySelectorAll('pre, code').forEach(e => e.remove());
                          document.body.appendChild(c); const s = c.innerText; c.remove(); return s; }).join('\\n');
}"""


def _no_error(page) -> None:
    main = page.locator("main").inner_text()
    assert not any(words in main for words in ERROR_WORDS), main


def _check_challenge(page, tables: list[str]) -> None:
    """No Markdown syntax visible; a table in the instruction is a table with its headers."""
    shown = page.evaluate(READ_TEXT)
    assert not SYNTAX.search(shown), shown
    table = page.locator(".instruction table")
    if table.count():
        assert page.locator(".instruction table th[scope=col]").count() >= 1
        tables.append(page.locator("input[name=challengeId]").get_attribute("value"))


def _run_a_test_to_the_end(page) -> int:
    """Skips every challenge (each checked), through the recaps, to the result; how many."""
    tables: list[str] = []
    turn = 0
    while page.locator("input[name=challengeId]").count() == 1:
        turn += 1
        _check_challenge(page, tables)
        with page.expect_navigation():
            page.get_by_role("button", name="Je passe").click()
        if "/bilan" in page.url:
            _no_error(page)
            with page.expect_navigation():
                page.get_by_role("link", name=re.compile("Continuer|Voir mon résultat")).click()
        assert turn < 40
    return turn


def _card(page):
    return page.locator(f"#competence-{CODE.replace('.', '-')}")


def _send_retry_anyway(page) -> None:
    """The "Retenter" form as a page left open would still send it: with the page's CSRF token."""
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    with page.expect_navigation():
        page.evaluate("""([action, token]) => {
          const form = document.createElement('form');
          form.method = 'post'; form.action = action;
          const input = document.createElement('input');
          input.type = 'hidden'; input.name = 'csrf_token'; input.value = token;
          form.appendChild(input); document.body.appendChild(form); form.submit();
        }""", [f"/mes-tests/{CODE}/retenter", token])


def test_retrying_right_after_a_test_never_leads_to_an_error(axe_script, platform, page):
    base, audit = platform.gateway_url, Audit(page, axe_script)
    person = new_person(base, "Rémi", "Retente")
    log_in(page, base, person.email, person.password)
    page.wait_for_url(re.compile(r"/mon-profil$"))

    page.goto(f"{base}/mes-tests")
    page.get_by_role("button", name=re.compile(rf"^Commencer — {re.escape(CODE)} ")).click()
    page.wait_for_url(re.compile(r"/evaluation/[0-9a-f-]+$"))
    asked = _run_a_test_to_the_end(page)

    # The result says what next: "Retenter", or why not and from when.
    main = page.locator("main")
    assert "Résultat du test" in main.inner_text() and "Et maintenant ?" in main.inner_text()
    retry_offered = main.get_by_role("button", name=re.compile(r"^Retenter")).count() == 1
    assert retry_offered or REASONS.search(main.inner_text()), main.inner_text()
    _no_error(page)

    # Each answered challenge, with how it went and, once the test is over, the expected answer.
    review = page.locator("section.review")
    assert review.get_by_role("heading", name="Vos réponses").is_visible()
    assert review.locator("details").count() == asked and review.locator("summary").count() == asked
    assert all("Passée" in summary for summary in review.locator("summary").all_inner_texts())  # all skipped
    audit.check("result, with what next and the answers")
    review.locator("summary").first.click()  # opens in place: the whole question, the expected answer
    opened = review.locator("details").first
    assert opened.locator(".instruction").is_visible() and "La réponse attendue :" in opened.inner_text()
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert not SYNTAX.search(page.evaluate(READ_TEXT.replace(".proposal label, .answer-field label", ".solution")))
    # Opened too: a wide table (2.3's calendar) scrolls within its own box, never the page.
    audit.check("result, every answer opened")

    # Mes tests: the same, on the competence's card.
    page.goto(f"{base}/mes-tests")
    card = _card(page)
    assert (card.get_by_role("button", name=re.compile(r"^Retenter")).count() == 1) == retry_offered
    if not retry_offered:
        assert REASONS.search(card.inner_text()), card.inner_text()
        assert "jour(s)" not in card.inner_text()
    audit.check("tests, right after a test")

    print("retry offered right after a test:", retry_offered)
    if retry_offered:  # it opens a challenge, never an error
        with page.expect_navigation():
            card.get_by_role("button", name=re.compile(r"^Retenter")).click()
        assert re.search(r"/evaluation/[0-9a-f-]+$", page.url) and "Question 1" in page.locator("main").inner_text()
        assert "Vous retentez cette compétence." in page.locator("main").inner_text()
        return

    # A retry sent anyway comes back to the tests page, with its reason, at an address that reloads.
    _send_retry_anyway(page)
    assert page.url.endswith("/mes-tests")
    summary = page.locator(".error-summary[role=alert]")
    assert summary.is_visible() and REASONS.search(summary.inner_text()), summary.inner_text()
    _no_error(page)
    audit.check("tests, a retry refused")
    page.reload()
    assert page.url.endswith("/mes-tests") and page.locator(".error-summary").count() == 0
    assert REASONS.search(_card(page).inner_text())  # the card still says why

    # In English too: the reason and its date, real plural forms.
    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(re.compile(r"/mes-tests$"))
    card_text = _card(page).inner_text()
    assert re.search(r"You can try this competence again from|There is no new question|Maximum level reached",
                     card_text), card_text
    assert "day(s)" not in card_text
    audit.check("tests, right after a test, in English")
    audit.assert_clean()


def test_the_profile_is_the_result_and_the_tests_what_to_do_next(axe_script, platform, page):
    base, audit = platform.gateway_url, Audit(page, axe_script)
    person = new_person(base, "Paule", "Profil")
    log_in(page, base, person.email, person.password)
    page.wait_for_url(re.compile(r"/mon-profil$"))

    page.goto(f"{base}/mes-tests")
    page.get_by_role("button", name=re.compile(r"^Commencer — 1\.1 ")).click()
    page.wait_for_url(re.compile(r"/evaluation/[0-9a-f-]+$"))
    page.goto(f"{base}/mes-tests")
    tests = page.locator("main")
    assert tests.get_by_role("heading", name="Tests en cours").is_visible()
    assert tests.get_by_role("link", name=re.compile(r"^Reprendre — 1\.1 ")).count() == 2  # the list, and the card
    assert "Pas encore évaluée" in tests.inner_text() and "Score total" not in tests.inner_text()

    page.goto(f"{base}/mon-profil")
    profile = page.locator("main")
    assert "Score total : 0 pix" in profile.inner_text() and "Pas encore évaluée" in profile.inner_text()
    assert "0 compétence évaluée sur 3" in profile.inner_text()
    assert profile.get_by_role("link", name="Partager mon profil").is_visible()
    assert profile.get_by_role("button").count() == 0 and profile.get_by_role("link", name="Reprendre").count() == 0
    audit.check("profile, a test in progress")
    audit.assert_clean()
