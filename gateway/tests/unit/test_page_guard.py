"""The one page guard (pages_common.page): a page's path ids as it accepts them, else 404,
before the session; then signed in, else the sign-in page, which says why and comes back
to the page asked for (`next`). Nobody is signed in here, and no service is configured: a
guarded page must answer before any call."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import web_browser

USER = "0b7e6a52-3c1d-4a8e-9f00-1234567890ab"


@pytest.fixture
def visitor():
    return web_browser({})


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion").get_data(as_text=True)).group(1)


@pytest.mark.parametrize("path", ["/mon-compte", "/mon-profil", "/mes-tests", "/evaluation/a-1",
                                  "/evaluation/a-1/bilan", "/evaluation/a-1/fichier/c-1/xlsx", "/administration",
                                  f"/administration?id={USER}", "/partager", "/partager/ABCD-2345",
                                  "/partager/mes-envois", "/organisations", f"/organisations/{USER}",
                                  f"/organisations/{USER}/profils.csv", f"/organisations/{USER}/profils/{USER}",
                                  f"/organisations/{USER}/membres", f"/organisations/{USER}/statistiques",
                                  f"/organisations/{USER}/campagnes", f"/organisations/{USER}/campagnes/{USER}",
                                  f"/organisations/invitation/{USER}?jeton=abc", "/campagnes", "/campagnes/BCDFGH234",
                                  f"/campagnes/parcours/{USER}", "/admin/organisations"])
def test_a_page_asks_to_sign_in_first_then_comes_back(visitor, path):
    answer = visitor.get(path)
    target = urlsplit(answer.location)
    assert answer.status_code == 303 and target.path == "/connexion"
    assert parse_qs(target.query) == {"info": ["required"], "next": [path]}
    page = visitor.get(answer.location).get_data(as_text=True)
    assert "Connectez-vous pour accéder à cette page." in page
    assert f'<input type="hidden" name="next" value="{path}">' in page


@pytest.mark.parametrize("path", ["/evaluation/A-1", "/evaluation/a-1/bilan%20", "/evaluation/a-1/fichier/c-1/pdf",
                                  "/evaluation/a-1/fichier/C-1/xlsx", "/administration?id=42",
                                  "/administration/42/roles", "/administration/42/anonymisation",
                                  "/organisations/A_B", f"/organisations/{USER}/profils.pdf",
                                  f"/organisations/{USER}/profils.csv?detaille=2", f"/organisations/{USER}?tri=x",
                                  f"/organisations/{USER}/campagnes/{USER}/resultats.ods",
                                  "/organisations/invitation/X_Y", "/campagnes/parcours/X_Y", "/partager/a%3Cb"])
def test_a_wrong_id_is_not_found_whoever_asks(visitor, path):
    assert visitor.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/mes-tests/9.9/commencer", "/mes-tests/1/retenter", "/mes-tests/x/remise-a-zero",
                                  "/evaluation/A/reponse", "/administration/42/roles"])
def test_a_form_sent_to_a_wrong_id_is_not_found(visitor, path):
    assert visitor.post(path, data={"csrf_token": csrf(visitor)}).status_code == 404


@pytest.mark.parametrize("path", ["/mes-tests/1.1/commencer", "/mes-tests/5.2/retenter", "/mes-tests/2.4/remise-a-zero",
                                  "/evaluation/a-1/reponse", f"/administration/{USER}/roles",
                                  f"/administration/{USER}/anonymisation", "/mon-compte/nom",
                                  "/mon-compte/suppression"])
def test_a_form_sent_signed_out_asks_to_sign_in(visitor, path):
    answer = visitor.post(path, data={"csrf_token": csrf(visitor)})
    assert answer.status_code == 303 and answer.location == "/connexion?info=required"


def test_a_form_sent_signed_out_comes_back_to_the_page_it_was_sent_from(visitor):
    token = csrf(visitor)
    answer = visitor.post("/mes-tests/1.1/commencer", data={"csrf_token": token},
                          headers={"Referer": "http://localhost/mes-tests?info=reset"})
    assert parse_qs(urlsplit(answer.location).query)["next"] == ["/mes-tests?info=reset"]
    elsewhere = visitor.post("/mes-tests/1.1/commencer", data={"csrf_token": token},
                             headers={"Referer": "http://evil.test/mes-tests"})
    assert elsewhere.location == "/connexion?info=required"


def test_a_form_address_opened_signed_out_leads_back_to_the_account(visitor):
    answer = visitor.get(f"/administration/{USER}/roles")
    assert answer.status_code == 303 and answer.location == f"/administration?id={USER}"
