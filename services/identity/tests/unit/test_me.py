"""/api/users/me: read, rename, delete (erasure, docs/architecture.md §5)."""
from pix_contracts import registry
from pixkit.store import commit_id

from .conftest import bearer, log_in, signed_up


def test_me_needs_a_valid_access_token(client):
    assert client.get("/api/users/me").get_json()["code"] == "INVALID_TOKEN"
    answer = client.get("/api/users/me", headers={"Authorization": "Bearer x.y.z"})
    assert answer.status_code == 401 and answer.get_json()["message"].startswith("Votre session")


def test_me_answers_my_account(client):
    user = signed_up(client)
    me = client.get("/api/users/me", headers=bearer(log_in(client).get_json()))
    assert me.status_code == 200
    assert me.get_json() == {"id": user["id"], "firstName": "Alice", "lastName": "Martin",
                             "email": "alice@example.fr", "locale": "fr", "roles": []}


def test_sign_up_queues_the_person_for_the_people_topic(client, db):
    user = signed_up(client)
    intent = db["people_outbox"].find_one({"_id": user["id"]})
    assert registry.validate_person(intent["value"])["first_name"] == "Alice"


def test_rename_updates_me_and_the_people_topic(client, db):
    user = signed_up(client)
    auth = bearer(log_in(client).get_json())
    answer = client.patch("/api/users/me", json={"firstName": "  Alicia "}, headers=auth)
    assert answer.status_code == 200 and answer.get_json()["firstName"] == "Alicia"
    assert client.get("/api/users/me", headers=auth).get_json()["lastName"] == "Martin"
    intent = db["people_outbox"].find_one({"_id": user["id"]})
    assert intent["value"]["first_name"] == "Alicia" and intent["version"] == 2


def test_rename_follows_the_name_rules(client):
    signed_up(client)
    auth = bearer(log_in(client).get_json())
    for bad in ({"firstName": "   "}, {"lastName": "x" * 256}, {"email": "a@b.fr"}):
        answer = client.patch("/api/users/me", json=bad, headers=auth)
        assert answer.status_code == 422 and answer.get_json()["code"] == "VALIDATION_ERROR"


def test_delete_erases_my_personal_data_and_ends_my_sessions(client, db):
    user = signed_up(client)
    pair = log_in(client).get_json()
    assert client.delete("/api/users/me", headers=bearer(pair)).status_code == 204
    assert client.get("/api/users/me", headers=bearer(pair)).status_code == 401
    assert log_in(client).status_code == 401
    refresh = client.post("/api/token/refresh", json={"refreshToken": pair["refreshToken"]})
    assert refresh.status_code == 401
    account = db["accounts"].find_one({"_id": user["id"]})
    assert "email" not in account and "password_hash" not in account and "Alice" not in repr(account)
    assert db["emails"].find_one({"_id": "alice@example.fr"}) is None
    assert db["people_outbox"].find_one({"_id": user["id"]})["value"] is None  # the tombstone
    (event,) = db["events"].find_one({"_id": commit_id(f"user-{user['id']}", 2)})["events"]
    assert event["type"] == "UserAnonymized" and event["data"]["user_id"] == user["id"]
    registry.validate_data("UserAnonymized", 1, event["data"])
    assert signed_up(client)["id"] != user["id"]  # the address is free again


def test_no_password_or_hash_in_any_event(client, db):
    signed_up(client)
    client.delete("/api/users/me", headers=bearer(log_in(client).get_json()))
    text = repr(db["events"].docs) + repr(db["people_outbox"].docs)
    assert "Secret123" not in text and "fake$" not in text and "password" not in text
