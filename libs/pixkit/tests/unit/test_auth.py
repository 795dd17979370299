"""pixkit.auth.TokenVerifier refuses every token identity did not sign for us, as it is."""
import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from pixkit.auth import InvalidToken, TokenVerifier, bearer_claims

NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
KEY = Ed25519PrivateKey.generate()


def jwks(key=KEY, kid="k1"):
    return {"keys": [{**json.loads(OKPAlgorithm.to_jwk(key.public_key())), "kid": kid}]}


def token(key=KEY, kid="k1", alg="EdDSA", **changes):
    claims = {"sub": "u1", "aud": "pix-platform", "iss": "pix-identity", "iat": int(NOW.timestamp()),
              "exp": int((NOW + timedelta(minutes=15)).timestamp()), "jti": "j1", "roles": ["SUPPORT"], **changes}
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


def verifier(**kwargs):
    return TokenVerifier(keys=jwks(), clock=kwargs.pop("clock", Clock()), **kwargs)


def test_a_good_token_gives_its_claims():
    claims = verifier().verify(token())
    assert (claims.user_id, claims.roles, claims.token_id) == ("u1", ("SUPPORT",), "j1")
    assert claims.expires_at == NOW + timedelta(minutes=15)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_tampered_token_is_refused():
    header, payload, signature = token().split(".")
    forged = b64(json.dumps({**json.loads(base64.urlsafe_b64decode(payload + "==")), "sub": "admin"}).encode())
    with pytest.raises(InvalidToken):
        verifier().verify(f"{header}.{forged}.{signature}")
    with pytest.raises(InvalidToken):
        verifier().verify(f"{header}.{payload}.{b64(b'x' * 64)}")


def test_alg_none_is_refused():
    header = b64(json.dumps({"alg": "none", "kid": "k1", "typ": "JWT"}).encode())
    payload = token().split(".")[1]
    with pytest.raises(InvalidToken):
        verifier().verify(f"{header}.{payload}.")


def test_hs256_signed_with_the_public_key_bytes_is_refused():
    public_pem = KEY.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    claims = jwt.decode(token(), options={"verify_signature": False})
    header = b64(json.dumps({"alg": "HS256", "kid": "k1", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    signature = b64(hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest())
    with pytest.raises(InvalidToken):
        verifier().verify(f"{header}.{body}.{signature}")


def test_expired_token_is_refused():
    clock = Clock()
    clock.now = NOW + timedelta(minutes=15)
    with pytest.raises(InvalidToken):
        verifier(clock=clock).verify(token())


@pytest.mark.parametrize("changes", [{"aud": "elsewhere"}, {"iss": "someone"}, {"jti": None}])
def test_wrong_audience_issuer_or_missing_claims_are_refused(changes):
    claims = {k: v for k, v in changes.items() if v is not None}
    bad = token(**claims) if claims else jwt.encode({"sub": "u1", "aud": "pix-platform", "iss": "pix-identity",
                                                     "exp": int(NOW.timestamp()) + 60, "iat": 0}, KEY,
                                                    algorithm="EdDSA", headers={"kid": "k1"})
    with pytest.raises(InvalidToken):
        verifier().verify(bad)


def test_unknown_kid_refetches_at_most_every_30_seconds():
    other = Ed25519PrivateKey.generate()
    fetches = []
    clock = Clock()

    def fetch():
        fetches.append(clock.now)
        return jwks(other, "k2") if len(fetches) > 1 else jwks()

    check = TokenVerifier(fetch=fetch, clock=clock)
    assert check.verify(token()).user_id == "u1"  # first fetch
    with pytest.raises(InvalidToken):
        check.verify(token(other, "k2"))  # too soon to fetch again
    clock.now += timedelta(seconds=30)
    assert check.verify(token(other, "k2")).user_id == "u1"
    with pytest.raises(InvalidToken):
        check.verify(token(other, "k3"))
    assert len(fetches) == 2


def test_a_token_signed_by_another_key_under_a_known_kid_is_refused():
    with pytest.raises(InvalidToken):
        verifier().verify(token(Ed25519PrivateKey.generate(), "k1"))


def test_bearer_claims():
    assert bearer_claims({"Authorization": f"Bearer {token()}"}, verifier()).user_id == "u1"
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}, {"Authorization": "garbage"}):
        with pytest.raises(InvalidToken):
            verifier().bearer_claims(headers)


def test_session_and_epoch_claims():
    claims = verifier().verify(token(sid="f1", epoch=3))
    assert (claims.session_id, claims.epoch) == ("f1", 3)
    older = verifier().verify(token())  # signed before tokens named their session
    assert (older.session_id, older.epoch) == (None, 0)
    for bad in ({"sid": 5}, {"epoch": "3"}, {"epoch": True}, {"epoch": -1}, {"epoch": 1.5}):
        with pytest.raises(InvalidToken):
            verifier().verify(token(**bad))
