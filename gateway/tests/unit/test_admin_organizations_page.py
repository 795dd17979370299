"""The platform admin's organizations, /admin/organisations, against sharing's fake: the
list with the codes, the creation form and its errors, the link from the admin space, and
no access without SUPER_ADMIN (sharing decides)."""
from __future__ import annotations

import re

import pytest

from .sharing_pages import account, calls, follow, post, sign_in, text

PATH = "/admin/organisations"


@pytest.fixture
def identity(sharing_services):
    return sharing_services[0]


@pytest.fixture
def admin(identity, sharing_browser):
    user = account(identity, "SUPER_ADMIN", first="Sam", last="Admin")
    sign_in(sharing_browser, user)
    return user


def test_create_an_organization_and_see_its_code(sharing_browser, admin, sharing):
    sharing.add_org("Zèbre", "PRO", "ZEBR-2345")
    page = text(sharing_browser.get(PATH))
    assert "<h1>Organisations de la plateforme</h1>" in page and '<option value="MEDIATION">' in page
    assert '<th scope="row">Zèbre</th><td>Organisation professionnelle</td><td><code>ZEBR-2345</code></td>' in page
    answer = post(sharing_browser, PATH, displayName="Université de Lyon", type="SUP", adminEmail="dir@univ.fr")
    sent = calls(sharing, "POST", "/api/organizations")[-1][3]
    assert sent == {"displayName": "Université de Lyon", "type": "SUP", "adminEmail": "dir@univ.fr"}
    created = next(o for o in sharing.orgs.values() if o["displayName"] == "Université de Lyon")
    assert answer.location == f"{PATH}?cree={created['id']}"
    page = text(sharing_browser.get(answer.location))
    assert f"L'organisation Université de Lyon a été créée ; son code : {created['code']}." in page
    names = re.findall(r'<th scope="row">([^<]+)</th>', page)
    assert names == ["Université de Lyon", "Zèbre"]  # by name
    assert any(i["email"] == "dir@univ.fr" and i["role"] == "ADMIN" for i in sharing.invitations.values())


def test_the_form_s_errors(sharing_browser, admin, sharing):
    answer = follow(sharing_browser, post(sharing_browser, PATH, displayName="", type="NOPE", adminEmail="x"), PATH)
    page = text(answer)
    assert answer.status_code == 422 and 'id="displayName-error-1">Ce champ est obligatoire.' in page
    assert "Choisissez le type de l'organisation." in page and "L'adresse e-mail n'est pas valide." in page
    assert not calls(sharing, "POST", "/api/organizations")


def test_the_admin_space_links_to_it(sharing_browser, admin, identity):
    assert f'<a href="{PATH}">Organisations de la plateforme</a>' in text(sharing_browser.get("/administration"))


def test_without_super_admin_no_access(sharing_browser, identity, sharing):
    sign_in(sharing_browser, account(identity, "SUPPORT"))
    answer = sharing_browser.get(PATH)
    assert answer.status_code == 403 and "Vous n'avez pas accès à cette page." in text(answer)
    refused = post(sharing_browser, PATH, displayName="X", type="SCO", adminEmail="x@example.fr")
    assert refused.status_code == 403 and not sharing.orgs


def test_signed_out_asks_to_sign_in(sharing_browser):
    assert sharing_browser.get(PATH).location == f"/connexion?info=required&next={PATH}"


def test_the_creation_is_confirmed_before_sharing_s_directory_has_it(sharing_browser, admin, sharing):
    answer = post(sharing_browser, PATH, displayName="Médiathèque", type="MEDIATION", adminEmail="m@ville.fr")
    sharing.config["ANSWERS"] = {"GET /api/organizations": (200, {"organizations": []})}
    page = text(sharing_browser.get(answer.location))
    code = next(iter(sharing.orgs.values()))["code"]
    assert f"L'organisation Médiathèque a été créée ; son code : {code}." in page
    assert f"<code>{code}</code>" in page
