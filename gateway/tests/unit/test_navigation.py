"""The navigation says where the person is: the link to the page shown, and only it, carries
aria-current="page" (the language switch keeps its own aria-current="true")."""
from __future__ import annotations

import re

import pytest

from .conftest import web_browser
from .test_pages import browser, identity, sign_up  # noqa: F401 - fixtures too


@pytest.fixture
def visitor():
    return web_browser({})


def current_links(page: str) -> list[str]:
    return re.findall(r'<a[^>]*href="([^"]+)"[^>]*aria-current="page"', page)


@pytest.mark.parametrize("path", ["/", "/connexion", "/inscription", "/certification", "/centres-de-certification",
                                  "/mentions-legales", "/accessibilite"])
def test_the_page_shown_is_marked_in_the_navigation(visitor, path):
    assert current_links(visitor.get(path).get_data(as_text=True)) == [path]


def test_a_page_outside_the_navigation_marks_nothing(visitor):
    assert current_links(visitor.get("/mot-de-passe-oublie").get_data(as_text=True)) == []
    assert current_links(visitor.get("/nulle-part").get_data(as_text=True)) == []


def test_signed_in_the_account_page_is_marked(browser):  # noqa: F811
    sign_up(browser, "nav@example.fr")
    assert current_links(browser.get("/mon-compte").get_data(as_text=True)) == ["/mon-compte"]


def test_signed_out_share_and_organizations_ask_to_sign_in_first(visitor):
    """No longer placeholders: pages of one's own (their marking signed in: test_sharing_pages)."""
    for path in ("/partager", "/organisations", "/campagnes"):
        assert visitor.get(path).location == f"/connexion?info=required&next={path}"
