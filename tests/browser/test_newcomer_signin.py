"""Signing up and in as a newcomer, in a real browser against the whole platform: every
field's error at once (with what was typed kept, the password too when it was right), the
terms and the legal pages one click away, and signing in leads back to the page asked for."""
from __future__ import annotations

import re
import uuid

import pytest

from ..e2e.people import new_person
from .test_account_journey import PASSWORD, alert, field

pytestmark = pytest.mark.timeout(180)

TERMS_BOX = "J'accepte les conditions d'utilisation de Pix"


def test_sign_up_shows_every_wrong_field_at_once(platform, page, screenshot):
    base = platform.gateway_url
    page.goto(f"{base}/inscription")
    field(page, "Nom").fill("Martin")
    field(page, "Adresse e-mail").fill("pas-une-adresse")
    field(page, "Mot de passe").fill("court")
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/inscription$"))
    summary = alert(page).inner_text()
    for said in ("Prénom : Ce champ est obligatoire.", "L'adresse e-mail n'est pas valide.",
                 "Le mot de passe doit contenir au moins 8 caractères",
                 "Vous devez accepter les conditions d'utilisation de Pix pour créer un compte."):
        assert said in summary, summary
    for label in ("Prénom", "Adresse e-mail", "Mot de passe", TERMS_BOX):
        assert field(page, label).get_attribute("aria-invalid") == "true", label
    assert field(page, "Nom").input_value() == "Martin"
    assert field(page, "Adresse e-mail").input_value() == "pas-une-adresse"
    assert field(page, "Mot de passe").input_value() == ""  # it was wrong: typed again
    screenshot(page, "signup-every-error")

    # Only the e-mail wrong now: the right password stays.
    email = f"nouveau.{uuid.uuid4().hex[:10]}@example.fr"
    field(page, "Prénom").fill("Noé")
    field(page, "Mot de passe").fill(PASSWORD)
    field(page, TERMS_BOX).check()
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/inscription$"))
    assert "L'adresse e-mail n'est pas valide." in alert(page).inner_text()
    assert field(page, "Mot de passe").input_value() == PASSWORD
    field(page, "Adresse e-mail").fill(email)
    page.get_by_role("button", name="Je m'inscris").click()
    page.wait_for_url(re.compile(r"/mon-profil$"))


def test_the_terms_and_the_legal_pages_are_real_pages(platform, page):
    base = platform.gateway_url
    page.goto(f"{base}/inscription")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="conditions d'utilisation de Pix").click()
    terms = opened.value
    terms.wait_for_load_state()
    assert terms.get_by_role("heading", level=1).inner_text() == "Conditions d'utilisation"
    for link, title in (("Mentions légales", "Mentions légales"),
                        ("Politique de protection des données", "Politique de protection des données"),
                        ("Accessibilité : partiellement conforme", "Déclaration d'accessibilité")):
        page.get_by_role("contentinfo").get_by_role("link", name=link).click()
        assert page.get_by_role("heading", level=1).inner_text() == title
        assert page.get_by_role("contentinfo").get_by_role("link", name=link).get_attribute("aria-current") == "page"
    assert "27 novembre 2026" in page.locator("main").inner_text()


def test_signing_in_leads_back_to_the_page_asked_for(platform, page):
    base = platform.gateway_url
    person = new_person(base, "Lou", "Retour")
    page.goto(f"{base}/mes-tests")
    page.wait_for_url(re.compile(r"/connexion\?info=required&next=/mes-tests$"))
    assert "Connectez-vous pour accéder à cette page." in page.get_by_role("status").inner_text()
    field(page, "Adresse e-mail").fill(person.email)
    field(page, "Mot de passe").fill("Faux12345")
    page.get_by_role("button", name="Je me connecte").click()
    assert "L'adresse e-mail ou le mot de passe est incorrect." in alert(page).inner_text()  # and next kept
    field(page, "Mot de passe").fill(person.password)
    page.get_by_role("button", name="Je me connecte").click()
    page.wait_for_url(re.compile(r"/mes-tests$"))
    assert page.get_by_role("link", name="Mes tests").get_attribute("aria-current") == "page"

    # Without a page asked for, the profile.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/\?info=loggedout$"))
    page.get_by_role("link", name="Se connecter").click()
    field(page, "Adresse e-mail").fill(person.email)
    field(page, "Mot de passe").fill(person.password)
    page.get_by_role("button", name="Je me connecte").click()
    page.wait_for_url(re.compile(r"/mon-profil$"))
