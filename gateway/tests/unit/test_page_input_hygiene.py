"""The pages refuse what the APIs refuse (control characters) and never redirect away (issue 8)."""
from __future__ import annotations

import pytest

from .test_pages import browser, csrf, identity, shown, sign_up, text  # noqa: F401 - fixtures too

HOSTILE_NEXT = ["/%09/evil.test", "/\t/evil.test", "/%0d%0ax", "/\r\nSet-Cookie: x=1", "/\\evil.test", "//evil.test",
                "/%2f/evil.test", "https://evil.test/", "javascript:alert(1)", "/%ED%A0%80"]
CONTROLS = ["\x00", "\r", "\n", "\t", "\u202e", "\u2028", "\x1b"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_only_goes_back_to_a_page_of_ours(browser, target):  # noqa: F811
    answer = browser.get("/langue/en", query_string={"next": target})
    assert answer.status_code == 303 and answer.location == "/"


def test_the_language_switch_goes_back_where_the_person_was(browser):  # noqa: F811
    assert browser.get("/langue/fr?next=/mes-tests%3Finfo%3Dreset").location == "/mes-tests?info=reset"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_with_a_hostile_next_lands_on_the_profile(browser, target):  # noqa: F811
    sign_up(browser, "n1@example.fr")
    page = text(browser.get("/connexion", query_string={"next": target}))
    assert 'name="next"' not in page
    form = {"email": "n1@example.fr", "password": "Secret123", "next": target,
            "csrf_token": csrf(browser, "/connexion")}
    assert browser.post("/connexion", data=form).location == "/mon-profil"


def test_login_goes_on_to_the_page_it_was_asked_for(browser):  # noqa: F811
    sign_up(browser, "n2@example.fr")
    page = text(browser.get("/connexion?next=/mes-tests"))
    assert '<input type="hidden" name="next" value="/mes-tests">' in page
    form = {"email": "n2@example.fr", "password": "Secret123", "next": "/mes-tests",
            "csrf_token": csrf(browser, "/connexion")}
    assert browser.post("/connexion", data=form).location == "/mes-tests"


@pytest.mark.parametrize("char", CONTROLS)
@pytest.mark.parametrize("name", ["firstName", "lastName", "email"])
def test_sign_up_shows_the_field_error_and_never_sends_the_field(browser, identity, name, char):  # noqa: F811
    fields = {"firstName": "Ana", "lastName": "Lima", "email": "ctl@example.fr"}
    fields[name] = fields[name][:2] + char + fields[name][2:]
    answer = shown(browser, sign_up(browser, **fields), "/inscription")
    page = text(answer)
    assert answer.status_code == 422 and f'id="{name}-error-1"' in page
    assert "caractère invisible ou de contrôle" in page
    # identity checks the other fields (all errors at once) but never gets this one: no account
    assert name not in identity.last_sign_up and "ctl@example.fr" not in identity.users


@pytest.mark.parametrize("char", CONTROLS)
def test_rename_shows_the_field_error_and_sends_nothing(browser, identity, char):  # noqa: F811
    sign_up(browser, f"r{ord(char)}@example.fr")
    before = len(identity.calls)
    form = {"firstName": "Bi" + char + "a", "lastName": "Lu", "csrf_token": csrf(browser, "/mon-compte")}
    answer = shown(browser, browser.post("/mon-compte/nom", data=form), "/mon-compte")
    assert answer.status_code == 422 and 'id="firstName-error-1"' in text(answer)
    assert ("PATCH", "/api/users/me") not in [c[:2] for c in identity.calls[before:]]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_sign_up_with_a_hostile_next_lands_on_the_profile(browser, target):  # noqa: F811
    page = text(browser.get("/inscription", query_string={"next": target}))
    assert 'name="next"' not in page
    answer = sign_up(browser, f"h{abs(hash(target))}@example.fr", next=target)
    assert answer.status_code == 303 and answer.location == "/mon-profil"


def test_sign_up_goes_on_to_the_page_it_was_asked_for(browser):  # noqa: F811
    page = text(browser.get("/connexion?next=/partager"))
    assert '<a href="/inscription?next=/partager">Créer un compte</a>' in page
    answer = sign_up(browser, "n3@example.fr", next="/partager")
    assert answer.status_code == 303 and answer.location == "/partager"
