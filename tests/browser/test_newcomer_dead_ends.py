"""A newcomer never meets raw JSON or a dead end, in a real browser against the whole platform
(`platform` fixture): an unknown address is a page in the chosen language with a way back, and
after a form error the address bar holds the page's own address, so that a reload or the
language switch shows the page again (post/redirect/get), in French and in English."""
from __future__ import annotations

import re

import pytest

from ..e2e.people import new_person
from .test_account_journey import alert, log_in

pytestmark = pytest.mark.timeout(180)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def assert_a_page(answer, page, status: int, lang: str) -> None:
    assert answer.status == status and answer.headers["content-type"].startswith("text/html")
    assert page.locator("html").get_attribute("lang") == lang
    assert not page.locator("body").inner_text().lstrip().startswith("{")


def test_an_unknown_address_is_a_page_in_the_chosen_language(platform, page, screenshot):
    base = platform.gateway_url
    for path in ("/mon-profil/", "/static/absent.css", "/evaluation"):
        answer = page.goto(f"{base}{path}")
        assert_a_page(answer, page, 404, "fr")
        assert heading(page) == "Page introuvable", path
    screenshot(page, "not-found-fr")
    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(re.compile(r"/evaluation$"))
    assert page.locator("html").get_attribute("lang") == "en" and heading(page) == "Page not found"
    page.get_by_role("link", name="Back to the home page").click()
    page.wait_for_url(re.compile(r"/$"))
    assert heading(page) == "Welcome to Pix"

    answer = page.goto(f"{base}/mon-compte/nom")  # a form's address typed by hand
    assert_a_page(answer, page, 405, "en")
    assert page.get_by_role("link", name="Go to my profile").is_visible()
    icon = page.request.get(f"{base}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/vnd.microsoft.icon"
    robots = page.request.get(f"{base}/robots.txt")
    assert robots.status == 200 and "Disallow: /mon-compte" in robots.text()
    assert page.request.get(f"{base}/api/nulle-part").json()["code"] == "NOT_FOUND"  # the APIs keep JSON


def test_a_reload_or_the_language_switch_after_a_form_error_shows_the_page(platform, page, screenshot):
    base = platform.gateway_url
    person = new_person(base, "Rémi", "Rechargement")
    log_in(page, base, person.email, person.password)
    page.wait_for_url(re.compile(r"/mon-profil$"))

    # The account page: a name left empty.
    page.goto(f"{base}/mon-compte")
    rename = page.locator("form[action='/mon-compte/nom']")
    rename.get_by_label("Prénom", exact=True).fill("")
    rename.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/mon-compte$"))
    assert "Ce champ est obligatoire." in alert(page).inner_text()
    assert_a_page(page.reload(), page, 200, "fr")
    assert heading(page) == "Mon compte" and alert(page).count() == 0
    rename.get_by_label("Prénom", exact=True).fill("")
    rename.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/mon-compte$"))
    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(re.compile(r"/mon-compte$"))
    assert page.locator("html").get_attribute("lang") == "en" and heading(page) == "My account"

    # A challenge validated empty, in English: the challenge's own address, and a reload shows it.
    page.goto(f"{base}/mes-tests")
    page.get_by_role("button", name=re.compile(r"^Start — 2\.1 ")).click()
    page.wait_for_url(re.compile(r"/evaluation/[0-9a-f-]+$"))
    challenge = page.url
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    assert page.url == challenge
    assert "Please answer the question or click “Skip”." in alert(page).inner_text()
    screenshot(page, "challenge-error-en")
    assert_a_page(page.reload(), page, 200, "en")
    assert page.get_by_role("button", name="Submit").is_visible() and alert(page).count() == 0
    page.get_by_role("link", name=re.compile("^FR")).click()
    page.wait_for_url(challenge)
    assert page.get_by_role("button", name="Je valide").is_visible()
