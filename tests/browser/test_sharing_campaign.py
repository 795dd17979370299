"""A campaign from its creation to a participant's sent result, in a real browser against the
whole platform (`platform` fixture), each person in a browser context of their own: a member
of an organization creates an assessment campaign on one tube; a participant types the code
(empty, then wrong, then right), takes the campaign test (assessment delivers it, driven by
sharing's events), sees the result and sends it; the member sees the row in the campaign's
page and its CSV. The participant, no member, finds the organization's pages and files
answering exactly as those of an organization that does not exist. Every page is audited by
axe (and reflowed at 320 px) on the way."""
from __future__ import annotations

import re
import uuid

import pytest

from ..e2e.people import new_person
from ..integration.helpers import wait_for
from . import test_sharing_journeys as journeys
from .test_accessibility import Audit
from .test_account_journey import alert
from .test_sharing_journeys import (
    Lags,
    accept_invitation,
    assert_clean,
    new_organization,
    read_csv,
    table_rows,
)

pytestmark = pytest.mark.timeout(360)
axe_script, open_as = journeys.axe_script, journeys.open_as  # fixtures

MAX_CHALLENGES = 40


def _code_field(page):
    return page.get_by_role("textbox", name="Code de campagne", exact=True)


def _enter_code(page, typed: str) -> None:
    _code_field(page).fill(typed)
    with page.expect_navigation():
        page.get_by_role("button", name="Accéder à la campagne").click()


def _take_the_test_skipping(page) -> int:
    """Skips every challenge ("Je passe"), past the checkpoints, to the end: the number asked."""
    asked = 0
    while page.locator("input[name=challengeId]").count() == 1:
        asked += 1
        assert asked <= MAX_CHALLENGES, page.url
        with page.expect_navigation():
            page.get_by_role("button", name="Je passe").click()
        if "/bilan" in page.url:
            with page.expect_navigation():
                page.get_by_role("link", name=re.compile("Continuer|Voir mon résultat")).click()
    return asked


def test_a_campaign_from_its_creation_to_a_participants_sent_result(axe_script, platform, open_as, screenshot):
    base, lags = platform.gateway_url, Lags()
    member = new_person(base, "Armand", "Organisateur")
    participant = new_person(base, "Lucie", "Participante")
    organization = new_organization(platform, "SCO", member, name="Collège Victor Hugo")

    # The member creates an assessment campaign on one tube of 1.1.
    space = open_as(member, bypass_csp=True)
    space_audit = Audit(space, axe_script)
    accept_invitation(space, platform, organization, member)
    space.locator("main nav ul.space-nav").get_by_role("link", name="Campagnes").click()
    space.wait_for_url(f"{base}/organisations/{organization['id']}/campagnes")
    assert "Aucune campagne pour le moment." in space.locator("main").inner_text()
    space_audit.check("campaigns, none yet")
    title = "Recherche d'information – 4e B"
    space.get_by_role("textbox", name="Nom de la campagne").fill(title)
    space.get_by_role("radio", name="Évaluation").check()
    tubes = space.locator("details.tubes").first
    tubes.locator("summary").click()
    tube = tubes.get_by_role("checkbox").first
    tube.check()
    tube_name = tube.get_attribute("value")
    with space.expect_navigation():
        space.get_by_role("button", name="Créer la campagne").click()
    assert re.fullmatch(rf"{re.escape(base)}/organisations/{organization['id']}/campagnes/[0-9a-f-]{{36}}", space.url)
    campaign_page = space.url
    lags.at_once(space, lambda: title in space.locator("main h2").first.inner_text(),
                 "the campaign's page right after its creation")
    code = space.locator("#campaign-code").inner_text()
    assert re.fullmatch(r"[BCDFGHJKMPQRTVWXY]{6}[2346789]{3}", code), code
    assert f"@{tube_name}" in space.locator("main dl").inner_text()
    assert "Personne n'a encore rejoint la campagne." in space.locator("main").inner_text()
    screenshot(space, "campaign-created")
    space_audit.check("campaign, just created")

    # The participant: an empty code, a wrong one, then the right one typed loosely.
    page = open_as(participant, bypass_csp=True)
    audit = Audit(page, axe_script)
    page.locator("header nav").get_by_role("link", name="Campagnes").click()
    page.wait_for_url(f"{base}/campagnes")
    audit.check("campaign code")
    _enter_code(page, "")
    assert page.url == f"{base}/campagnes"
    assert "Veuillez saisir un code." in page.locator(".field.invalid .field-error").inner_text()
    assert _code_field(page).get_attribute("aria-invalid") == "true"
    assert alert(page).evaluate("element => element === document.activeElement")
    _enter_code(page, "BCDFGH234" if code != "BCDFGH234" else "BCDFGH236")
    wrong = "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."
    assert wrong in page.locator(".field.invalid .field-error").inner_text() and wrong in alert(page).inner_text()
    audit.check("campaign code, a wrong code")
    _enter_code(page, f" {code[:3].lower()} {code[3:]} ")
    assert page.url == f"{base}/campagnes/{code}"
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert organization["displayName"] in page.locator("#campaign-organization").inner_text()
    audit.check("campaign, joining")

    # The test, skipped to its end, then the result and "J'envoie mes résultats".
    with page.expect_navigation():
        page.get_by_role("button", name="Je commence").click()
    page.wait_for_url(re.compile(r"/evaluation/[0-9a-f-]{36}$"), timeout=30_000)  # after "Préparation…", if shown
    assert page.get_by_role("heading", level=1).inner_text() == "Parcours de campagne"  # no competence of its own
    assert "None" not in page.title()
    audit.check("campaign test, a challenge")
    asked = _take_the_test_skipping(page)
    assert asked >= 1
    page.wait_for_url(re.compile(r"/campagnes/parcours/[0-9a-f-]{36}$"))
    page.locator("#mastery").wait_for(timeout=30_000)  # "Calcul de votre résultat…" reloads itself until then
    assert page.locator("#mastery").inner_text() == "Vous maîtrisez 0 % du profil cible"  # every challenge skipped
    result = table_rows(page)
    assert len(result) == 1 and result[0][0].startswith("1.1") and result[0][1] == "0 %", result
    screenshot(page, "campaign-result")
    audit.check("campaign, the result")
    with page.expect_navigation():
        page.get_by_role("button", name="J'envoie mes résultats").click()
    lags.at_once(page, lambda: page.locator("#participation-shared").count() == 1,
                 "the participation sent, right after J'envoie mes résultats")
    shared = page.locator("#participation-shared").inner_text()
    assert shared.startswith(f"Envoyé à {organization['displayName']} le"), shared
    assert page.get_by_role("button", name="J'envoie mes résultats").count() == 0
    audit.check("campaign, the result sent")

    # The member sees the participant's row: sent, with their mastery.
    space.goto(campaign_page)

    def row():
        space.reload()
        rows = table_rows(space)
        return rows if rows and rows[0][3] == "Envoyé" else None

    try:
        rows = wait_for(row, timeout=30, interval=0.5)
    except AssertionError:
        raise AssertionError(f"the sent result never reached the campaign's page: {table_rows(space)}") from None
    assert len(rows) == 1 and rows[0][:2] == ["Participante", "Lucie"] and rows[0][-1] == "0 %", rows
    assert "Participants : 1 ; résultats reçus : 1" in space.locator("#participants-count").inner_text()
    screenshot(space, "campaign-participants")
    space_audit.check("campaign, a participant's result")

    # The campaign's CSV: the participant's row, sent, with their mastery.
    with space.expect_download() as download:
        space.locator("a[href$='/resultats.csv']").click()
    lines = read_csv(download.value.path().read_bytes())
    assert len(lines) == 2, lines
    cells = dict(zip(lines[0], lines[1], strict=True))
    assert (cells["Code"], cells["Nom de la campagne"]) == (code, title), cells
    assert (cells["Nom du participant"], cells["Prénom du participant"], cells["Envoi (O/N)"]) == (
        "Participante", "Lucie", "O"), cells
    assert cells["% de progression"] == "100", cells
    assert cells["% de maîtrise de l'ensemble des acquis du profil"] == "0", cells
    assert cells["% de maîtrise des acquis de la compétence 1.1"] == "0", cells

    # The participant is no member: the organization's pages and files answer them exactly as
    # those of an organization that does not exist.
    space_page, campaign_id = f"{base}/organisations/{organization['id']}", campaign_page.rsplit("/", 1)[1]
    nowhere = f"{base}/organisations/{uuid.uuid4()}"
    for path in ("", "/statistiques", "/membres", "/campagnes", f"/campagnes/{campaign_id}",
                 f"/profils/{participant.id}"):
        answer = page.goto(f"{space_page}{path}")
        seen = (answer.status, page.locator("main").inner_text())
        assert answer.status == 404 and organization["displayName"] not in seen[1], (path, seen)
        answer = page.goto(f"{nowhere}{path}")
        assert (answer.status, page.locator("main").inner_text()) == seen, path
    for path in ("/profils.csv", f"/campagnes/{campaign_id}/resultats.csv"):
        answer = page.request.get(f"{space_page}{path}")
        assert answer.status == 404 and answer.headers["content-type"].startswith("text/html"), path
        assert "Participante" not in answer.text() and code not in answer.text()
    assert_clean(lags, audit, space_audit)
