"""Issue 3's security checks on the running platform, through the gateway (and straight at
a service, which checks tokens too): forged, expired, misdirected and revoked tokens are
401; logins are rate limited per address; a login takes as long for an unknown email as for
a known one; the password reset works once from the mailed link; a super admin made by the
operators' command grants roles and the support anonymizes."""
from __future__ import annotations

import base64
import json
import re
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from email import message_from_bytes

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pixlocal import api
from pymongo import MongoClient

from ..integration.helpers import wait_for
from .people import PASSWORD, first_admin_auth, new_person, within_one_window

TIMEOUT = 10


def identity_key(platform):
    """identity's current signing key, read from its store: so the test can sign tokens that
    are genuine in every way but one (expired, wrong audience…)."""
    settings = platform.settings("identity")
    mongo = MongoClient(settings.mongo_uri)
    try:
        keys = mongo[settings.db_name]["signing_keys"]
        kid = keys.find_one({"_id": "current"})["kid"]
        pem = keys.find_one({"_id": kid})["pem"]
    finally:
        mongo.close()
    return kid, serialization.load_pem_private_key(pem.encode(), password=None)


def signed(key, kid, user_id, **changes) -> str:
    now = datetime.now(UTC)
    claims = {"sub": user_id, "aud": "pix-platform", "iss": "pix-identity", "iat": int(now.timestamp()),
              "exp": int((now + timedelta(minutes=15)).timestamp()), "jti": str(uuid.uuid4()), "roles": [],
              **changes}
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def bad_tokens(platform, person) -> dict[str, str]:
    kid, key = identity_key(platform)
    good = person.log_in().json()["accessToken"]
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    past = int((datetime.now(UTC) - timedelta(minutes=1)).timestamp())
    return {
        "tampered": f"{header}.{b64({**claims, 'roles': ['SUPER_ADMIN']})}.{signature}",
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{payload}.",
        "expired": signed(key, kid, person.id, exp=past, iat=past - 900),
        "wrong aud": signed(key, kid, person.id, aud="another-platform"),
        "unknown kid": signed(Ed25519PrivateKey.generate(), "not-a-pix-key", person.id),
        "garbage": "abc.def.ghi",
    }


@pytest.fixture(scope="module")
def person(platform):
    return new_person(platform.gateway_url, "Sécurité", "Test")


@pytest.mark.parametrize("kind", ["tampered", "alg none", "expired", "wrong aud", "unknown kid", "garbage"])
def test_bad_access_tokens_are_401_at_the_gateway_and_at_the_services(platform, person, kind):
    token = bad_tokens(platform, person)[kind]
    auth = {"Authorization": f"Bearer {token}", **person.headers()}
    for url in (f"{platform.gateway_url}/api/users/me", f"{platform.gateway_url}/api/profile/{person.id}",
                f"{platform.service_url('profile')}/api/profile/{person.id}",
                f"{platform.service_url('identity')}/api/users/me"):
        answer = requests.get(url, headers=auth, timeout=TIMEOUT)
        assert answer.status_code == 401, (kind, url, answer.text)
        assert answer.json()["code"] in ("INVALID_TOKEN", "UNAUTHENTICATED")


def test_a_genuine_token_passes_where_the_forged_ones_did_not(platform, person):
    kid, key = identity_key(platform)
    auth = {"Authorization": f"Bearer {signed(key, kid, person.id)}", **person.headers()}
    me = requests.get(f"{platform.gateway_url}/api/users/me", headers=auth, timeout=TIMEOUT)
    assert me.status_code == 200 and me.json()["id"] == person.id
    other = new_person(platform.gateway_url)
    refused = requests.get(f"{platform.gateway_url}/api/profile/{other.id}", headers=auth, timeout=TIMEOUT)
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"


def test_a_revoked_or_reused_refresh_token_is_401(platform, person):
    base = platform.gateway_url
    pair = person.log_in().json()
    rotated = requests.post(f"{base}/api/token/refresh", json={"refreshToken": pair["refreshToken"]},
                            headers=person.headers(), timeout=TIMEOUT)
    assert rotated.status_code == 200
    reused = requests.post(f"{base}/api/token/refresh", json={"refreshToken": pair["refreshToken"]},
                           headers=person.headers(), timeout=TIMEOUT)
    assert reused.status_code == 401 and reused.json()["code"] == "INVALID_TOKEN"
    # The reuse revoked the whole family: the rotated token is dead too.
    family = requests.post(f"{base}/api/token/refresh", json={"refreshToken": rotated.json()["refreshToken"]},
                           headers=person.headers(), timeout=TIMEOUT)
    assert family.status_code == 401


def test_logins_from_one_address_are_limited_with_retry_after(platform):
    within_one_window()
    ip = api.random_ip()
    answers = [api.log_in(platform.gateway_url, f"nobody.{i}@example.fr", "Wrong1234", client_ip=ip)
               for i in range(31)]
    assert {a.status_code for a in answers[:30]} == {401}
    assert answers[30].status_code == 429 and answers[30].json()["code"] == "TOO_MANY_REQUESTS"
    assert 0 < int(answers[30].headers["Retry-After"]) <= 60
    other = api.log_in(platform.gateway_url, "nobody@example.fr", "Wrong1234", client_ip=api.random_ip())
    assert other.status_code == 401  # another address is not held back


def test_login_takes_as_long_for_an_unknown_email_as_for_a_known_one(platform):
    base = platform.gateway_url
    accounts = [new_person(base, "Chrono", "Metre") for _ in range(3)]

    def timed(email: str) -> float:
        started = time.perf_counter()
        answer = api.log_in(base, email, "Wrong1234", client_ip=api.random_ip())
        assert answer.status_code == 401
        return time.perf_counter() - started

    known, unknown = [], []
    for _ in range(8):  # below the 10 failures that start a lockout
        for account in accounts:
            known.append(timed(account.email))
            unknown.append(timed(f"ghost.{uuid.uuid4().hex[:8]}@example.fr"))
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    print(f"login median: known {known_median * 1000:.1f} ms, unknown {unknown_median * 1000:.1f} ms")
    # Both pay one argon2id verification; what remains is noise.
    assert abs(known_median - unknown_median) < max(0.015, 0.2 * known_median)


def test_password_reset_from_the_mailed_link_works_once(platform):
    person = new_person(platform.gateway_url, "Oubli", "Distrait")
    base, mail_dir = platform.gateway_url, platform.cfg.var_dir / "mail"
    before = set(mail_dir.glob("*.eml")) if mail_dir.exists() else set()
    asked = requests.post(f"{base}/api/password-resets", json={"email": person.email}, headers=person.headers(),
                          timeout=TIMEOUT)
    assert asked.status_code == 202

    def new_mail():
        for path in set(mail_dir.glob("*.eml")) - before:
            mail = message_from_bytes(path.read_bytes())
            if mail["To"] == person.email:
                return mail
        return None
    mail = wait_for(new_mail, timeout=30)
    link = re.search(r"(http\S+/mot-de-passe/nouveau\?jeton=(\S+))", mail.get_payload(decode=True).decode())
    assert link.group(1).startswith(base)
    token = link.group(2)
    done = requests.post(f"{base}/api/password-resets/confirmation", json={"token": token, "password": "Nouveau2026"},
                         headers=person.headers(), timeout=TIMEOUT)
    assert done.status_code == 204
    assert person.log_in("Nouveau2026").status_code == 200 and person.log_in(PASSWORD).status_code == 401
    again = requests.post(f"{base}/api/password-resets/confirmation", json={"token": token, "password": "Encore2026x"},
                          headers=person.headers(), timeout=TIMEOUT)
    assert again.status_code == 400 and again.json()["code"] == "RESET_LINK_INVALID"


def test_the_first_admin_grants_support_which_anonymizes_someone(platform):
    base = platform.gateway_url
    admin_auth = first_admin_auth(platform)
    support, target = new_person(base, "Sam", "Support"), new_person(base, "Cible", "Effacee")
    granted = requests.put(f"{base}/api/admin/users/{support.id}/roles", json={"roles": ["SUPPORT"]},
                           headers=admin_auth, timeout=TIMEOUT)
    assert granted.status_code == 200 and granted.json()["roles"] == ["SUPPORT"]
    support_auth = support.auth()  # a new token carries the new role
    profile = requests.get(f"{base}/api/profile/{target.id}", headers=support_auth, timeout=TIMEOUT)
    assert profile.status_code in (200, 404)  # allowed (404 only if not projected yet)
    gone = requests.post(f"{base}/api/admin/users/{target.id}/anonymization", headers=support_auth, timeout=TIMEOUT)
    assert gone.status_code == 204
    assert target.log_in().status_code == 401
    read = requests.get(f"{base}/api/admin/users/{target.id}", headers=support_auth, timeout=TIMEOUT)
    assert read.status_code == 404
    wait_for(lambda: requests.get(f"{base}/api/profile/{target.id}", headers=support_auth,
                                  timeout=TIMEOUT).status_code == 404, timeout=30)
