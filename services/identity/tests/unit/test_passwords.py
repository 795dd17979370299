"""argon2id at the OWASP / ASVS parameters, and logins whose timing tells nothing."""
import statistics
import time

from pix_identity.adapters.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from pix_identity.bootstrap import bootstrap
from pix_identity.entrypoints.http import create_app
from pixkit.testing import FakeDatabase, unit_settings

from .conftest import UNIT_ENV, Clock, sign_up_body


def test_a_hash_is_argon2id_with_the_asvs_parameters_and_verifies_its_password_only():
    stored = hash_password("Secret123")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and "Secret123" not in stored
    assert verify_password("Secret123", stored)
    assert not verify_password("Secret124", stored)
    assert not needs_rehash(stored)


def test_two_hashes_of_one_password_differ():
    assert hash_password("Secret123") != hash_password("Secret123")


def test_a_malformed_or_old_scrypt_hash_never_verifies():
    assert not verify_password("Secret123", "not-a-hash")
    assert not verify_password("Secret123", "scrypt$16384$8$1$c2FsdA==$aGFzaA==")
    assert not verify_password("Secret123", DUMMY_HASH)


def _median_login_ms(client, email: str, tries: int = 15) -> float:
    timings = []
    for _ in range(tries):
        started = time.perf_counter()
        answer = client.post("/api/token", json={"email": email, "password": "Wrong1234"})
        timings.append(time.perf_counter() - started)
        assert answer.status_code == 401
    return statistics.median(timings) * 1000


def test_login_takes_as_long_for_an_unknown_email_as_for_a_known_one():
    settings = unit_settings("identity")
    service = bootstrap(settings, FakeDatabase(), clock=Clock(),
                        env={**UNIT_ENV, "PIX_IDENTITY_LOGIN_IP_LIMIT": "1000"})
    client = create_app(settings, service, ready_checks={}).test_client()
    assert client.post("/api/users", json=sign_up_body()).status_code == 201
    _median_login_ms(client, "warm@example.fr", tries=3)
    known = _median_login_ms(client, "alice@example.fr")  # blocked after 10: still one argon2 check
    unknown = _median_login_ms(client, "nobody@example.fr")
    assert abs(known - unknown) <= 0.25 * max(known, unknown), (known, unknown)
