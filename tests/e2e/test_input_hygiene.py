"""Issue 8's input holes, on the running test stack, through the gateway (docs/adr/0008).

- The three malformed-JSON shapes (nesting 1 000 deep, a 5 000-digit number, a lone
  surrogate in a value or a key) on every operation of the aggregated OpenAPI that takes a
  JSON body: a 400 with its code, never a 500; and no 500 from hostile query strings or paths.
- A failed sign-up never holds its address: the same e-mail signs up at once.
- Control characters (NUL, CR, LF, tab, U+202E…) in every name field, the e-mail, the admin
  search and a typed answer: a 422 naming the field, nothing stored; the web forms show it.
- Return-to targets (tab, CR/LF, backslash, scheme-relative, encoded forms) on the language
  switch and on login: `Location` always a path of this site, never a 500.

requests (http.client for raw request lines) against 127.0.0.1 only.
"""
from __future__ import annotations

import http.client
import json
import re
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from pixlocal import api

from .people import PASSWORD, first_admin_auth, new_person

TIMEOUT = 15
MALFORMED = {
    "deep": ("[" * 1000 + "]" * 1000, "JSON_TOO_DEEP"),
    "huge number": ('{"firstName": ' + "9" * 5000 + "}", "JSON_NUMBER_TOO_LARGE"),
    "lone surrogate": ('{"firstName": "\\ud800", "email": "a\\udfff@example.fr"}', "JSON_INVALID_UNICODE"),
    "surrogate key": ('{"\\ud800": 1}', "JSON_INVALID_UNICODE"),
}
CONTROLS = {"NUL": "\x00", "CR": "\r", "LF": "\n", "tab": "\t", "RLO": "\u202e", "LRI": "\u2066", "LS": "\u2028",
            "ESC": "\x1b"}
HOSTILE_NEXT = ["/%09/evil.test", "/\t/evil.test", "/%0d%0ax", "/\r\n/x", "/%0d%0aSet-Cookie:%20x=1", "/\\evil.test",
                "/%5cevil.test", "\\\\evil.test", "//evil.test", "///evil.test", "/%2f/evil.test", "/%252f/evil.test",
                "https://evil.test/", "http:evil.test", "javascript:alert(1)", "/%ED%A0%80", "/x%00y", " /x"]


@pytest.fixture(scope="module")
def person(platform):
    return new_person(platform.gateway_url, "Hygiène", "Test")


def json_operations(base: str) -> list[tuple[str, str]]:
    document = requests.get(f"{base}/api/openapi.json", timeout=TIMEOUT).json()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {}) if isinstance(operation, dict) else {}
            if "application/json" in content:
                found.append((method.upper(), path))
    return found


def concrete(path: str, user_id: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "1.1" if m.group(1) == "code" else user_id, path)


def post_raw(base: str, method: str, path: str, body: str, headers: dict | None = None) -> requests.Response:
    return requests.request(method, f"{base}{path}", data=body.encode(), timeout=TIMEOUT,
                            headers={"Content-Type": "application/json", **api.headers_for(api.random_ip()),
                                     **(headers or {})})


def test_the_openapi_lists_the_json_operations_we_expect(platform):
    operations = json_operations(platform.gateway_url)
    assert ("POST", "/api/users") in operations and ("PATCH", "/api/users/me") in operations
    assert len(operations) >= 8, operations


@pytest.mark.parametrize("shape", sorted(MALFORMED))
def test_malformed_json_is_a_400_on_every_json_operation(platform, person, shape):
    base = platform.gateway_url
    body, code = MALFORMED[shape]
    auth = person.auth()
    for method, path in json_operations(base):
        for headers in ({}, auth):  # anonymous, then signed in
            answer = post_raw(base, method, concrete(path, person.id), body, headers)
            assert answer.status_code < 500, (method, path, answer.status_code, answer.text[:200])
            if answer.status_code != 401:  # the gateway refuses a missing token before any parsing
                assert answer.status_code == 400, (method, path, answer.text[:200])
                assert answer.json()["code"] == code, (method, path, answer.text[:200])


@pytest.mark.parametrize("shape", sorted(MALFORMED))
def test_sign_up_answers_the_exact_400_in_both_languages(platform, shape):
    body, code = MALFORMED[shape]
    for language, word in (("fr", "JSON"), ("en", "JSON")):
        answer = post_raw(platform.gateway_url, "POST", "/api/users", body, {"Accept-Language": language})
        assert answer.status_code == 400 and answer.headers["Content-Language"] == language
        assert answer.json()["code"] == code and word in answer.json()["message"]
        assert answer.json()["details"] == {}


def raw_get(base: str, target: str) -> int:
    """A request line sent as written (requests would re-quote some of it)."""
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=TIMEOUT)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("target", [
    "/?lang=%ED%A0%80", "/connexion?next=%ED%A0%80&info=%ED%A0%80", "/mes-tests?info=%ff%fe", "/inscription?%00=%00",
    "/api/profile/%ED%A0%80", "/api/profile/%00", "/api/profile/" + "9" * 3000, "/api/admin/users?email=%ED%A0%80",
    "/api/admin/users?email=" + "9" * 3000, "/api/assessments/%ED%A0%80", "/api/framework?lang=%ED%A0%80",
    "/administration?email=%00&id=%ED%A0%80", "/evaluation/%ED%A0%80", "/langue/%ED%A0%80?next=%ED%A0%80",
    "/api/users/robot-check?x=" + "1" * 5000])
def test_hostile_query_strings_and_paths_are_never_a_500(platform, target):
    assert raw_get(platform.gateway_url, target) < 500


def test_a_failed_sign_up_does_not_hold_the_email(platform):
    base = platform.gateway_url
    email = f"squat.{uuid.uuid4().hex[:12]}@example.fr"
    good = {"firstName": "Sandra", "lastName": "Squat", "email": email, "password": PASSWORD, "acceptTerms": True}
    failing = [
        {"firstName": "\ud800"},  # the probe's squatting request: it held the address for 2 minutes
        {"lastName": "Squ\x00at"}, {"email": email.upper() + "\u202e"}, {"password": "weak"},
        {"acceptTerms": False}, {"robotProof": {"challenge": "forged", "counter": 0}},
    ]
    for changes in failing:
        for _ in range(2):
            ip = api.random_ip()
            body = {**good, "robotProof": api.robot_proof(base, ip), **changes}
            answer = post_raw(base, "POST", "/api/users", json.dumps(body), api.headers_for(ip))
            assert 400 <= answer.status_code < 500, answer.text[:200]
    signed = api.sign_up(base, first_name="Sandra", last_name="Squat", email=email, password=PASSWORD,
                         client_ip=api.random_ip())
    assert signed.status_code == 201, signed.text  # at once, not after the reservation's delay


def field_codes(answer: requests.Response, name: str) -> list[str]:
    assert answer.status_code == 422, answer.text[:300]
    return [error["code"] for error in answer.json()["details"]["fields"][name]]


@pytest.mark.parametrize("kind", sorted(CONTROLS))
@pytest.mark.parametrize("name", ["firstName", "lastName", "email"])
def test_sign_up_refuses_control_characters_and_stores_nothing(platform, name, kind):
    base, char = platform.gateway_url, CONTROLS[kind]
    email = f"ctl.{uuid.uuid4().hex[:12]}@example.fr"
    fields = {"first_name": "Camille", "last_name": "Contrôle", "email": email}
    key = {"firstName": "first_name", "lastName": "last_name", "email": "email"}[name]
    fields[key] = fields[key][:3] + char + fields[key][3:]
    answer = api.sign_up(base, password=PASSWORD, client_ip=api.random_ip(), **fields)
    assert "CONTROL_CHARACTERS" in field_codes(answer, name)
    assert api.log_in(base, email, PASSWORD, client_ip=api.random_ip()).status_code == 401  # no account
    clean = api.sign_up(base, first_name="Camille", last_name="Contrôle", email=email, password=PASSWORD,
                        client_ip=api.random_ip())
    assert clean.status_code == 201, clean.text  # and the address was not held


@pytest.mark.parametrize("kind", sorted(CONTROLS))
def test_rename_refuses_control_characters_and_keeps_the_name(platform, person, kind):
    base, auth = platform.gateway_url, person.auth()
    for name in ("firstName", "lastName"):
        answer = requests.patch(f"{base}/api/users/me", json={name: "Ma" + CONTROLS[kind] + "rie"}, headers=auth,
                                timeout=TIMEOUT)
        assert field_codes(answer, name) == ["CONTROL_CHARACTERS"]
    me = requests.get(f"{base}/api/users/me", headers=auth, timeout=TIMEOUT).json()
    assert (me["firstName"], me["lastName"]) == (person.first_name, person.last_name)


def test_the_admin_search_and_the_password_reset_refuse_control_characters(platform):
    base = platform.gateway_url
    auth = first_admin_auth(platform)
    for char in CONTROLS.values():
        found = requests.get(f"{base}/api/admin/users", params={"email": f"a{char}b@example.fr"}, headers=auth,
                             timeout=TIMEOUT)
        assert "CONTROL_CHARACTERS" in field_codes(found, "email")
        reset = requests.post(f"{base}/api/password-resets", json={"email": f"a{char}b@example.fr"},
                              headers=api.headers_for(api.random_ip()), timeout=TIMEOUT)
        assert "CONTROL_CHARACTERS" in field_codes(reset, "email")


def test_a_typed_answer_refuses_nul_and_bidi_but_keeps_ordinary_whitespace(platform):
    base = platform.gateway_url
    auth = new_person(base, "Réponse", "Test").auth()
    view = requests.post(f"{base}/api/assessments", json={"competenceCode": "1.1"}, headers=auth, timeout=TIMEOUT)
    assert view.status_code in (200, 201), view.text
    challenge_id = view.json()["challenge"]["id"]
    for char in ("\x00", "\u202e", "\u2066", "\x1b"):
        answer = requests.post(f"{base}/api/assessments/{view.json()['id']}/answers",
                               json={"challengeId": challenge_id, "answer": f"a{char}b"}, headers=auth, timeout=TIMEOUT)
        assert field_codes(answer, "answer") == ["CONTROL_CHARACTERS"]


# --- the web pages --------------------------------------------------------------------------


def browser(base: str) -> requests.Session:
    session = requests.Session()
    session.headers.update(api.headers_for(api.random_ip()))
    session.base = base
    return session


def csrf(session: requests.Session, path: str) -> str:
    page = session.get(f"{session.base}{path}", timeout=TIMEOUT).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_language_switch_never_leaves_the_site(platform, target):
    answer = requests.get(f"{platform.gateway_url}/langue/en", params={"next": target}, allow_redirects=False,
                          timeout=TIMEOUT)
    assert answer.status_code == 303 and answer.headers["Location"] == "/", answer.headers.get("Location")


@pytest.mark.parametrize("target", ["/%09/evil.test", "/%0d%0ax", "/%5cevil.test", "//evil.test", "/%2f/evil.test"])
def test_the_probes_raw_language_switch_urls(platform, target):
    """The request line exactly as the probe sent it (no client-side re-encoding)."""
    host = urlsplit(platform.gateway_url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=TIMEOUT)
    try:
        connection.request("GET", f"/langue/fr?next={target}")
        answer = connection.getresponse()
        assert answer.status == 303 and answer.getheader("Location") == "/"
    finally:
        connection.close()


def test_the_language_switch_goes_back_to_a_page_of_ours(platform):
    answer = requests.get(f"{platform.gateway_url}/langue/en", params={"next": "/mes-tests?info=reset"},
                          allow_redirects=False, timeout=TIMEOUT)
    assert answer.headers["Location"] == "/mes-tests?info=reset"


def test_login_with_a_hostile_next_stays_on_the_site(platform, person):
    session = browser(platform.gateway_url)
    for target in HOSTILE_NEXT:
        page = session.get(f"{session.base}/connexion", params={"next": target}, timeout=TIMEOUT)
        assert page.status_code == 200 and 'name="next"' not in page.text
        form = {"email": person.email, "password": PASSWORD, "next": target,
                "csrf_token": csrf(session, "/connexion")}
        answer = session.post(f"{session.base}/connexion", data=form, allow_redirects=False, timeout=TIMEOUT)
        assert answer.status_code == 303 and answer.headers["Location"] == "/mon-profil", target


def test_login_goes_on_to_a_page_of_ours(platform, person):
    session = browser(platform.gateway_url)
    page = session.get(f"{session.base}/connexion", params={"next": "/mes-tests"}, timeout=TIMEOUT).text
    assert '<input type="hidden" name="next" value="/mes-tests">' in page
    form = {"email": person.email, "password": PASSWORD, "next": "/mes-tests",
            "csrf_token": csrf(session, "/connexion")}
    answer = session.post(f"{session.base}/connexion", data=form, allow_redirects=False, timeout=TIMEOUT)
    assert answer.headers["Location"] == "/mes-tests"


@pytest.mark.parametrize("kind", ["NUL", "CR", "LF", "tab", "RLO"])
def test_the_web_forms_show_the_field_error(platform, person, kind):
    session, char = browser(platform.gateway_url), CONTROLS[kind]
    email = f"web.{uuid.uuid4().hex[:12]}@example.fr"
    form = {"firstName": "Jo" + char + "e", "lastName": "Web", "email": email, "password": PASSWORD,
            "acceptTerms": "on", "csrf_token": csrf(session, "/inscription")}
    refused = session.post(f"{session.base}/inscription", data=form, allow_redirects=False, timeout=TIMEOUT)
    assert refused.status_code == 303 and refused.headers["Location"] == "/inscription"  # post/redirect/get
    signup = session.get(f"{session.base}/inscription", timeout=TIMEOUT)
    assert signup.status_code == 422 and 'id="firstName-error-1"' in signup.text
    assert "caractère invisible ou de contrôle" in signup.text
    assert api.log_in(platform.gateway_url, email, PASSWORD, client_ip=api.random_ip()).status_code == 401
    login = {"email": person.email, "password": PASSWORD, "csrf_token": csrf(session, "/connexion")}
    assert session.post(f"{session.base}/connexion", data=login, allow_redirects=False,
                        timeout=TIMEOUT).status_code == 303
    rename = {"firstName": person.first_name, "lastName": "W" + char + "eb", "csrf_token": csrf(session, "/mon-compte")}
    answer = session.post(f"{session.base}/mon-compte/nom", data=rename, timeout=TIMEOUT)
    assert answer.url.endswith("/mon-compte") and answer.status_code == 422
    assert 'id="lastName-error-1"' in answer.text
