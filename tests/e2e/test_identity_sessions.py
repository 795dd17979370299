"""Identity through the gateway (issue 3): login, me, rename, logout, refresh, delete, and a
brute force that hits the lockout. Runs against the `platform` fixture (root conftest.py)."""
from __future__ import annotations

import requests
from pixlocal import api

from .people import PASSWORD, new_person

TIMEOUT = 10
IP = api.random_ip()  # this module's client address


def new_account(base: str) -> tuple[str, str]:
    person = new_person(base, "Inès", "Moreau")
    return person.id, person.email


def login(base: str, email: str, password: str = PASSWORD) -> requests.Response:
    return api.log_in(base, email, password, client_ip=IP)


def auth(pair: dict) -> dict:
    return {"Authorization": f"Bearer {pair['accessToken']}"}


def test_login_me_rename_logout_then_refresh_is_refused(platform):
    base = platform.gateway_url
    user_id, email = new_account(base)
    answer = login(base, email)
    assert answer.status_code == 200, answer.text
    pair = answer.json()
    assert pair["tokenType"] == "Bearer" and pair["expiresIn"] == 900
    me = requests.get(f"{base}/api/users/me", headers=auth(pair), timeout=TIMEOUT)
    assert me.status_code == 200 and me.json()["id"] == user_id and me.json()["email"] == email
    renamed = requests.patch(f"{base}/api/users/me", json={"lastName": "Moreau-Petit"}, headers=auth(pair),
                             timeout=TIMEOUT)
    assert renamed.status_code == 200 and renamed.json()["lastName"] == "Moreau-Petit"
    rotated = requests.post(f"{base}/api/token/refresh", json={"refreshToken": pair["refreshToken"]}, timeout=TIMEOUT)
    assert rotated.status_code == 200
    pair = rotated.json()
    jwks = requests.get(f"{base}/api/.well-known/jwks.json", timeout=TIMEOUT).json()
    assert jwks["keys"] and all("d" not in key for key in jwks["keys"])
    out = requests.post(f"{base}/api/token/revoke", json={"refreshToken": pair["refreshToken"]}, timeout=TIMEOUT)
    assert out.status_code == 204
    again = requests.post(f"{base}/api/token/refresh", json={"refreshToken": pair["refreshToken"]}, timeout=TIMEOUT)
    assert again.status_code == 401 and again.json()["code"] == "INVALID_TOKEN"


def test_a_deleted_account_can_neither_read_me_nor_log_in(platform):
    base = platform.gateway_url
    _, email = new_account(base)
    pair = login(base, email).json()
    assert requests.delete(f"{base}/api/users/me", headers=auth(pair), timeout=TIMEOUT).status_code == 204
    assert requests.get(f"{base}/api/users/me", headers=auth(pair), timeout=TIMEOUT).status_code == 401
    assert login(base, email).status_code == 401


def test_brute_force_hits_the_lockout_and_says_nothing_more(platform):
    base = platform.gateway_url
    _, email = new_account(base)
    wrong = [login(base, email, "Wrong1234") for _ in range(10)]
    assert {w.status_code for w in wrong} == {401}
    refused = login(base, email)  # the 11th attempt, with the right password
    assert refused.status_code == 401
    assert refused.json() == wrong[0].json() == {
        "code": "INVALID_CREDENTIALS", "message": "L'adresse e-mail ou le mot de passe est incorrect.", "details": {}}
