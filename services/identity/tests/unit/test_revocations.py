"""Identity appends AccessRevoked on every path that ends sessions (logout, a refresh token
reused, a role removed, a password reset), refuses those tokens itself at once, and names
each access token's session (sid) and epoch."""
import re
from email import message_from_bytes

import pytest
from pix_identity.bootstrap import bootstrap
from pix_identity.domain.admin import CreateAdmin
from pix_identity.entrypoints.http import create_app
from pixkit import revocations
from pixkit.events import Meta
from pixkit.testing import FakeDatabase, unit_settings

from .conftest import UNIT_ENV, bearer, fake_hash, log_in, signed_up

ADMIN = ("root@pix.example", "Racine2025x")


def revoked(service, user_id: str) -> list[dict]:
    return [e.data for e in service.store.read_stream(f"user-{user_id}") if e.type == "AccessRevoked"]


def claims(service, pair: dict):
    return service.verifier.verify(pair["accessToken"])


def me(client, pair: dict) -> int:
    return client.get("/api/users/me", headers=bearer(pair)).status_code


def test_an_access_token_names_its_session_and_epoch(service, client):
    signed_up(client)
    pair = log_in(client).get_json()
    first = claims(service, pair)
    assert re.fullmatch(r"[0-9a-f-]{36}", first.session_id) and first.epoch == 0
    renewed = client.post("/api/token/refresh", json={"refreshToken": pair["refreshToken"]}).get_json()
    assert claims(service, renewed).session_id == first.session_id  # same family, same session
    assert claims(service, log_in(client).get_json()).session_id != first.session_id


def test_logout_revokes_that_session_only_and_once(service, client, db):
    user = signed_up(client)
    first, second = log_in(client).get_json(), log_in(client).get_json()
    assert client.post("/api/token/revoke", json={"refreshToken": first["refreshToken"]}).status_code == 204
    (event,) = revoked(service, user["id"])
    assert event["reason"] == "logout" and event["session_id"] == claims(service, first).session_id
    assert event["epoch"] is None and event["session_expires_at"] > event["revoked_at"]
    assert me(client, first) == 401 and me(client, second) == 200  # at once, without the worker
    client.post("/api/token/revoke", json={"refreshToken": first["refreshToken"]})
    assert len(revoked(service, user["id"])) == 1  # logging out again changes nothing
    assert db[revocations.COLLECTION].find_one({"_id": user["id"]})["sessions"].keys() == {event["session_id"]}


def test_a_reused_refresh_token_revokes_its_session_access_tokens(service, client):
    user = signed_up(client)
    pair = log_in(client).get_json()
    other = log_in(client).get_json()
    renewed = client.post("/api/token/refresh", json={"refreshToken": pair["refreshToken"]}).get_json()
    assert client.post("/api/token/refresh", json={"refreshToken": pair["refreshToken"]}).status_code == 401
    (event,) = revoked(service, user["id"])
    assert (event["reason"], event["session_id"]) == ("refresh_reuse", claims(service, pair).session_id)
    assert me(client, renewed) == 401 and me(client, pair) == 401 and me(client, other) == 200


@pytest.fixture
def admin(service, client):
    service.execute(CreateAdmin(ADMIN[0], "Ada", "Admin", ADMIN[1]), Meta(actor="operator"))
    return log_in(client, *ADMIN).get_json()


def test_a_role_removed_revokes_every_token_that_carried_it(service, client, admin):
    user = signed_up(client)
    roles = f"/api/admin/users/{user['id']}/roles"
    client.put(roles, json={"roles": ["SUPPORT"]}, headers=bearer(admin))
    assert revoked(service, user["id"]) == []  # a granted role needs no revocation
    support = log_in(client).get_json()
    assert client.get(f"/api/admin/users/{user['id']}", headers=bearer(support)).status_code == 200
    assert client.put(roles, json={"roles": []}, headers=bearer(admin)).status_code == 200
    (event,) = revoked(service, user["id"])
    assert (event["reason"], event["epoch"], event["session_id"]) == ("roles_changed", 1, None)
    assert client.get(f"/api/admin/users/{user['id']}", headers=bearer(support)).status_code == 401
    renewed = client.post("/api/token/refresh", json={"refreshToken": support["refreshToken"]}).get_json()
    assert claims(service, renewed).epoch == 1 and claims(service, renewed).roles == ()
    assert me(client, renewed) == 200  # the person goes on, without the role
    assert client.get(f"/api/admin/users/{user['id']}", headers=bearer(renewed)).status_code == 403


def test_an_erased_admin_is_refused_by_identity_at_once(service, client, admin, db):
    admin_id = claims(service, admin).user_id
    support = signed_up(client)
    client.put(f"/api/admin/users/{support['id']}/roles", json={"roles": ["SUPPORT"]}, headers=bearer(admin))
    support_pair = log_in(client).get_json()
    assert client.delete("/api/users/me", headers=bearer(support_pair)).status_code == 204
    assert db[revocations.COLLECTION].find_one({"_id": support["id"]}) == {"_id": support["id"], "erased": True}
    assert client.get(f"/api/admin/users/{admin_id}", headers=bearer(support_pair)).status_code == 401


def test_a_password_reset_revokes_every_session(tmp_path, clock):
    env = {**UNIT_ENV, "PIX_MAIL_DIR": str(tmp_path), "PIX_PUBLIC_URL": "https://pix.example"}
    service = bootstrap(unit_settings("identity"), FakeDatabase(), clock=clock, hash_password=fake_hash,
                        verify_password=lambda p, stored: stored == fake_hash(p), env=env)
    client = create_app(unit_settings("identity"), service, ready_checks={}).test_client()
    user = signed_up(client)
    pairs = [log_in(client).get_json(), log_in(client).get_json()]
    client.post("/api/password-resets", json={"email": "alice@example.fr"})
    (mailer,) = service.reactors
    for envelope in service.store.read_stream(f"user-{user['id']}"):
        for handle in mailer.handlers.get(envelope.type, []):
            handle(envelope)
    (mail,) = tmp_path.glob("*.eml")
    body = message_from_bytes(mail.read_bytes()).get_payload(decode=True).decode()
    token = re.search(r"jeton=(\S+)", body).group(1)
    assert client.post("/api/password-resets/confirmation",
                       json={"token": token, "password": "Nouveau2025"}).status_code == 204
    (event,) = revoked(service, user["id"])
    assert (event["reason"], event["epoch"]) == ("password_reset", 1)
    assert [me(client, pair) for pair in pairs] == [401, 401]
    fresh = log_in(client, password="Nouveau2025").get_json()
    assert claims(service, fresh).epoch == 1 and me(client, fresh) == 200


def test_the_worker_runs_the_revocations_and_a_replay_rebuilds_them(service):
    (sub,) = service.subscriptions
    assert sub.name == revocations.SUBSCRIPTION and set(sub.handlers) == {"UserAnonymized", "AccessRevoked"}
    assert service.read_model_collections == [revocations.COLLECTION]
    assert [r.name for r in service.reactors] == ["mailer"]  # mails are never sent again by a replay
