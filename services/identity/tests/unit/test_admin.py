"""The admin space: platform roles granted by a super admin, anonymization by the support,
the first super admin made by an operator's command."""
import pytest
from pix_identity.domain.admin import CreateAdmin
from pix_identity.entrypoints import cli
from pixkit.events import Meta

from .conftest import bearer, log_in, signed_up

ADMIN = ("root@pix.example", "Racine2025x")


@pytest.fixture
def admin_auth(service, client):
    service.execute(CreateAdmin(ADMIN[0], "Ada", "Admin", ADMIN[1]), Meta(actor="operator"))
    return bearer(log_in(client, *ADMIN).get_json())


def test_the_operator_command_makes_a_super_admin_whose_token_carries_the_role(service, client, admin_auth):
    me = client.get("/api/users/me", headers=admin_auth).get_json()
    assert me["roles"] == ["SUPER_ADMIN"]
    assert service.verifier.verify(admin_auth["Authorization"][7:]).roles == ("SUPER_ADMIN",)
    again = service.execute(CreateAdmin(ADMIN[0].upper(), "X", "Y", "Autre2025x"), Meta())
    assert again == (me["id"], False) and log_in(client, *ADMIN).status_code == 200  # password kept


def test_a_super_admin_grants_roles_that_apply_from_the_next_token(client, admin_auth):
    user = signed_up(client)
    answer = client.put(f"/api/admin/users/{user['id']}/roles", json={"roles": ["SUPPORT", "CERTIF"]},
                        headers=admin_auth)
    assert answer.status_code == 200 and answer.get_json()["roles"] == ["CERTIF", "SUPPORT"]
    me = client.get("/api/users/me", headers=bearer(log_in(client).get_json())).get_json()
    assert me["roles"] == ["CERTIF", "SUPPORT"]


def test_roles_are_checked_by_identity_itself(client, admin_auth):
    user = signed_up(client)
    mine = bearer(log_in(client).get_json())
    refused = client.put(f"/api/admin/users/{user['id']}/roles", json={"roles": ["SUPER_ADMIN"]}, headers=mine)
    assert refused.status_code == 403 and refused.get_json()["code"] == "FORBIDDEN"
    assert client.put(f"/api/admin/users/{user['id']}/roles", json={"roles": ["SUPER_ADMIN"]}).status_code == 401
    unknown = client.put(f"/api/admin/users/{user['id']}/roles", json={"roles": ["ROOT"]}, headers=admin_auth)
    assert unknown.status_code == 422
    assert unknown.get_json()["details"]["fields"]["roles.0"][0]["message"].startswith("Rôle inconnu")


def test_a_super_admin_cannot_demote_themself_and_unknown_users_are_404(client, admin_auth):
    me = client.get("/api/users/me", headers=admin_auth).get_json()
    answer = client.put(f"/api/admin/users/{me['id']}/roles", json={"roles": ["SUPPORT"]}, headers=admin_auth)
    assert answer.status_code == 409 and answer.get_json()["code"] == "CANNOT_DEMOTE_SELF"
    missing = client.put("/api/admin/users/nobody/roles", json={"roles": []}, headers=admin_auth)
    assert missing.status_code == 404 and missing.get_json()["message"] == "Ce compte n'existe pas."


def test_the_support_anonymizes_an_account_with_the_same_erasure(service, client, db, admin_auth):
    user = signed_up(client)
    support = signed_up(client, email="sam@pix.example")
    client.put(f"/api/admin/users/{support['id']}/roles", json={"roles": ["SUPPORT"]}, headers=admin_auth)
    support_auth = bearer(log_in(client, "sam@pix.example").get_json())
    read = client.get(f"/api/admin/users/{user['id']}", headers=support_auth)
    assert read.status_code == 200 and read.get_json()["email"] == "alice@example.fr"
    assert client.post(f"/api/admin/users/{user['id']}/anonymization", headers=support_auth).status_code == 204
    assert log_in(client).status_code == 401
    assert db["people_outbox"].find_one({"_id": user["id"]})["value"] is None
    (event,) = [e for e in service.store.read_stream(f"user-{user['id']}") if e.type == "UserAnonymized"]
    assert event.meta["actor"] == support["id"]  # who did it, for the audit trail
    assert client.get(f"/api/admin/users/{user['id']}", headers=support_auth).status_code == 404


def test_the_cli_prints_a_generated_password_once(monkeypatch, capsys, service):
    monkeypatch.setattr(cli, "bootstrap", lambda settings: service)
    assert cli.main(["create-admin", "--email", "ops@pix.example"]) == 0
    printed = capsys.readouterr().out
    password = printed.split(" / ")[1].split(" ")[0]
    assert "ops@pix.example" in printed and cli.password_is_strong(password) and len(password) == 20
    assert cli.main(["create-admin", "--email", "x@pix.example", "--password", "weak"]) == 2


def test_the_support_finds_an_account_by_email_in_any_case(client, admin_auth):
    user = signed_up(client)
    found = client.get("/api/admin/users", query_string={"email": "ALICE@example.fr"}, headers=admin_auth)
    assert found.status_code == 200 and found.get_json()["id"] == user["id"]
    missing = client.get("/api/admin/users", query_string={"email": "nobody@example.fr"}, headers=admin_auth)
    assert missing.status_code == 404 and missing.get_json()["code"] == "USER_NOT_FOUND"
    assert client.get("/api/admin/users", query_string={"email": "not-an-email"}, headers=admin_auth).status_code == 422
    mine = bearer(log_in(client).get_json())
    assert client.get("/api/admin/users", query_string={"email": "alice@example.fr"}, headers=mine).status_code == 403
