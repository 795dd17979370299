"""Access tokens (signed, verifiable with the JWKS) and rotating refresh tokens."""
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pix_identity.adapters.signing import KeyRing, key_id
from pixkit.auth import TokenVerifier
from pixkit.testing import FakeDatabase

from .conftest import log_in, signed_up


def refresh(client, token):
    return client.post("/api/token/refresh", json={"refreshToken": token})


def test_the_access_token_verifies_against_the_published_keys(client, clock):
    user = signed_up(client)
    pair = log_in(client).get_json()
    jwks = client.get("/api/.well-known/jwks.json").get_json()
    assert [k["kty"] for k in jwks["keys"]] == ["OKP"] and "d" not in jwks["keys"][0]
    claims = TokenVerifier(keys=jwks, clock=clock).verify(pair["accessToken"])
    assert claims.user_id == user["id"] and claims.roles == ()
    assert (claims.expires_at - clock()).total_seconds() == 900


def test_refresh_rotates_and_the_old_token_is_spent(client):
    signed_up(client)
    first = log_in(client).get_json()
    second = refresh(client, first["refreshToken"])
    assert second.status_code == 200 and second.get_json()["refreshToken"] != first["refreshToken"]
    assert refresh(client, second.get_json()["refreshToken"]).status_code == 200


def test_reusing_a_spent_token_revokes_its_whole_family(client, db):
    signed_up(client)
    first = log_in(client).get_json()["refreshToken"]
    second = refresh(client, first).get_json()["refreshToken"]
    reuse = refresh(client, first)
    assert reuse.status_code == 401 and reuse.get_json()["code"] == "INVALID_TOKEN"
    assert refresh(client, second).status_code == 401  # the thief's copy and ours alike
    other_login = log_in(client).get_json()["refreshToken"]
    assert refresh(client, other_login).status_code == 200  # another family lives on


def test_logout_revokes_and_is_idempotent(client):
    signed_up(client)
    token = log_in(client).get_json()["refreshToken"]
    assert client.post("/api/token/revoke", json={"refreshToken": token}).status_code == 204
    assert refresh(client, token).status_code == 401
    assert client.post("/api/token/revoke", json={"refreshToken": "unknown"}).status_code == 204


def test_unknown_and_expired_refresh_tokens_are_refused(client, clock):
    signed_up(client)
    token = log_in(client).get_json()["refreshToken"]
    assert refresh(client, "not-a-token").get_json()["code"] == "INVALID_TOKEN"
    clock.advance(days=30)
    assert refresh(client, token).status_code == 401


def test_refresh_tokens_are_stored_hashed(client, db):
    signed_up(client)
    token = log_in(client).get_json()["refreshToken"]
    assert db["refresh_tokens"].find_one({"_id": token}) is None
    assert token not in repr(db["refresh_tokens"].docs)


def test_every_process_signs_with_the_same_stored_key(clock):
    db = FakeDatabase()
    first, second = KeyRing(db, clock, env={}), KeyRing(db, clock, env={})
    assert first.jwks() == second.jwks()
    assert first.jwks()["keys"][0]["kid"] == db["signing_keys"].find_one({"_id": "current"})["kid"]


def test_a_mounted_key_wins(clock):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    ring = KeyRing(FakeDatabase(), clock, env={"PIX_IDENTITY_SIGNING_KEY": pem})
    assert [k["kid"] for k in ring.jwks()["keys"]] == [key_id(key)]
