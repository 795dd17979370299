"""A person's account, in a real browser, through the gateway's pages: sign up, log out,
log in (a wrong password is refused with a visible error), rename, delete the account
(after which logging in fails). Runs against the whole platform (`platform` fixture)."""
from __future__ import annotations

import re
import uuid

import pytest

pytestmark = pytest.mark.timeout(180)

PASSWORD = "Secret123"


def field(page, label: str):
    return page.get_by_label(label, exact=True)


def alert(page):
    return page.locator(".error-summary[role=alert]")


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/connexion")
    field(page, "Adresse e-mail").fill(email)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Je me connecte").click()


def test_sign_up_log_out_log_in_rename_and_delete(platform, page, screenshot):
    base = platform.gateway_url
    email = f"camille.{uuid.uuid4().hex[:10]}@example.fr"

    # Sign up: the terms are required, and the error says so next to the box and in the summary.
    page.goto(f"{base}/inscription")
    assert page.locator("html").get_attribute("lang") == "fr"
    field(page, "Prénom").fill("Camille")
    field(page, "Nom").fill("Martin")
    field(page, "Adresse e-mail").fill(email)
    field(page, "Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Je m'inscris").click()
    terms = "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte."
    assert terms in alert(page).inner_text()
    assert field(page, "J'accepte les conditions d'utilisation de Pix").get_attribute("aria-invalid") == "true"
    screenshot(page, "signup-errors")
    assert field(page, "Mot de passe").input_value() == PASSWORD  # kept: only the box was wrong
    field(page, "J'accepte les conditions d'utilisation de Pix").check()
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/mon-profil$"))  # a newcomer's next step
    page.goto(f"{base}/mon-compte")
    assert page.locator("#me-email").inner_text() == email
    cookie = next(c for c in page.context.cookies() if c["name"] == "pix_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    # Log out.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/\?info=loggedout$"))
    assert "Vous êtes déconnecté." in page.get_by_role("status").inner_text()
    page.goto(f"{base}/mon-compte")
    page.wait_for_url(re.compile(r"/connexion\?info=required&next=/mon-compte$"))

    # A wrong password is refused, visibly; the right one opens the account.
    log_in(page, base, email, "Wrong1234")
    assert "L'adresse e-mail ou le mot de passe est incorrect." in alert(page).inner_text()
    log_in(page, base, email, PASSWORD)
    page.wait_for_url(re.compile(r"/mon-profil$"))

    # Rename.
    page.goto(f"{base}/mon-compte")
    rename = page.locator("form[action='/mon-compte/nom']")
    rename.get_by_label("Prénom", exact=True).fill("Camila")
    rename.get_by_label("Nom", exact=True).fill("Martins")
    rename.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/mon-compte\?info=renamed$"))
    assert "Vos nom et prénom ont été modifiés." in page.get_by_role("status").inner_text()
    assert page.locator("#me-firstName").inner_text() == "Camila"
    assert page.locator("#me-lastName").inner_text() == "Martins"
    screenshot(page, "account")

    # Delete: the confirmation box is required; then the account is gone.
    page.get_by_role("button", name="Supprimer mon compte").click()
    assert "Cochez la case pour confirmer la suppression." in alert(page).inner_text()
    field(page, "Je comprends que la suppression de mon compte est définitive").check()
    page.get_by_role("button", name="Supprimer mon compte").click()
    page.wait_for_url(re.compile(r"/\?info=deleted$"))
    assert "Votre compte a été supprimé." in page.get_by_role("status").inner_text()
    log_in(page, base, email, PASSWORD)
    assert "L'adresse e-mail ou le mot de passe est incorrect." in alert(page).inner_text()


def test_the_language_switch_and_the_keyboard(platform, page, screenshot):
    base = platform.gateway_url
    page.goto(f"{base}/connexion")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("element => element === document.activeElement")
    page.get_by_role("link", name=re.compile("^EN")).click()
    page.wait_for_url(re.compile(r"/connexion$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    page.get_by_role("button", name="Sign in").click()
    assert "This field is required." in alert(page).inner_text()
    screenshot(page, "login-errors-en")
    page.get_by_role("link", name=re.compile("^FR")).click()
    assert page.locator("html").get_attribute("lang") == "fr"
