"""The platform admin's side of sharing, in a real browser against the whole platform: the
super admin creates an organization on /admin/organisations (a form left empty first: its
errors), sees its code; the first admin it names gets the invitation by mail and, in a browser
context of their own, accepts it and finds the same code in the organization's space. Every
page is audited by axe (and reflowed at 320 px)."""
from __future__ import annotations

import re
import uuid

import pytest
from pixlocal import platform as local
from pixlocal.demo_sharing import ORGANIZATION_LINK
from pixlocal.demo_support import invitation_link

from ..e2e.people import Person, new_person
from . import test_sharing_journeys as journeys
from .test_accessibility import Audit
from .test_account_journey import alert
from .test_sharing_journeys import Lags, assert_clean

pytestmark = pytest.mark.timeout(240)
axe_script, open_as = journeys.axe_script, journeys.open_as  # fixtures


def test_a_platform_admin_creates_an_organization_whose_admin_accepts_the_invitation(axe_script, platform, open_as,
                                                                                      screenshot):
    base = platform.gateway_url
    first = local.first_admin(platform.cfg)
    operator = Person(base, "", first["admin_email"], "", "", first["admin_password"])
    future_admin = new_person(base, "Gaspard", "Responsable")
    name = f"Médiathèque des Capucins {uuid.uuid4().hex[:6]}"

    page = open_as(operator, bypass_csp=True)
    audit = Audit(page, axe_script)
    page.goto(f"{base}/administration")
    page.get_by_role("link", name="Organisations de la plateforme").click()
    page.wait_for_url(f"{base}/admin/organisations")
    audit.check("platform organizations")

    # Left empty: each missing field says so, the summary takes the focus.
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l'organisation").click()
    assert page.url == f"{base}/admin/organisations"
    assert alert(page).evaluate("element => element === document.activeElement")
    for label in ("Nom de l'organisation", "Adresse e-mail de son administrateur"):
        field = page.get_by_role("textbox", name=label, exact=True)
        assert field.get_attribute("aria-invalid") == "true", label
    assert page.locator(".field.invalid .field-error").count() == 2
    audit.check("platform organizations, with errors")

    page.get_by_role("textbox", name="Nom de l'organisation", exact=True).fill(name)
    page.get_by_role("combobox", name="Type").select_option("MEDIATION")
    page.get_by_role("textbox", name="Adresse e-mail de son administrateur", exact=True).fill(future_admin.email)
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l'organisation").click()
    created = page.locator("#organization-created").inner_text()
    said = rf"L'organisation {re.escape(name)} a été créée ; son code : ([A-Z]{{4}}-[2-9]{{4}})\."
    found = re.fullmatch(said, created)
    assert found, created
    code = found.group(1)
    row = page.locator("main table.data tbody tr", has_text=name)
    assert row.locator("code").inner_text() == code and "Médiation numérique" in row.inner_text()
    screenshot(page, "admin-organization-created")
    audit.check("platform organizations, one just created")

    # Its first admin: the mail's link, the invitation, the organization's space with its code.
    invitation, token = invitation_link(platform.cfg.var_dir / "mail", ORGANIZATION_LINK, name, future_admin.email)
    space = open_as(future_admin, bypass_csp=True)
    space_audit = Audit(space, axe_script)
    space.goto(f"{base}/organisations/invitation/{invitation}?jeton={token}")
    assert name in space.locator("#invitation-text").inner_text()
    assert "en tant qu'administrateur" in space.locator("#invitation-text").inner_text()
    with space.expect_navigation():
        space.get_by_role("button", name="Accepter l'invitation").click()
    space.get_by_role("heading", level=1, name=re.compile(re.escape(name))).wait_for(timeout=30_000)
    assert space.locator("#organization-code").inner_text() == code
    assert "Aucun profil partagé ne correspond." in space.locator("main").inner_text()
    space_audit.check("organization space, a new organization")

    # The link works once: opened again, it says so.
    space.goto(f"{base}/organisations/invitation/{invitation}?jeton={token}")
    assert "Cette invitation a déjà été utilisée." in space.locator("main").inner_text()
    assert space.get_by_role("button", name="Accepter l'invitation").count() == 0
    space_audit.check("invitation, already used")
    assert_clean(Lags(), audit, space_audit)
