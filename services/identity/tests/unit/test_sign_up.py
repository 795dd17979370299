"""POST /api/users on the real bootstrap with an in-memory database."""
import uuid

from pix_contracts import registry
from pixkit.store import commit_id

from .conftest import robot_proof, sign_up_body


def test_sign_up_answers_201_with_the_account_and_never_the_password(client):
    answer = client.post("/api/users", json=sign_up_body(firstName="  Alice "))
    assert answer.status_code == 201
    body = answer.get_json()
    assert uuid.UUID(body["id"])
    assert body == {"id": body["id"], "firstName": "Alice", "lastName": "Martin",
                    "email": "alice@example.fr", "position": 1}


def test_sign_up_appends_user_registered_without_personal_data(client, db):
    body = client.post("/api/users", json=sign_up_body(), headers={"Accept-Language": "en"}).get_json()
    commit = db["events"].find_one({"_id": commit_id(f"user-{body['id']}", 1)})
    assert commit["key"] == body["id"]
    (event,) = commit["events"]
    assert event["type"] == "UserRegistered" and event["schema_version"] == 1
    assert event["data"] == {"user_id": body["id"], "locale": "en", "registered_at": "2025-03-01T09:30:00.000000Z"}
    registry.validate_data("UserRegistered", 1, event["data"])
    assert db["outbox"].count_documents({}) == 1  # the relay will publish it


def test_personal_data_stays_in_accounts(client, db):
    body = client.post("/api/users", json=sign_up_body()).get_json()
    account = db["accounts"].find_one({"_id": body["id"]})
    assert account["first_name"] == "Alice" and account["email"] == "alice@example.fr"
    assert account["password_hash"].startswith("fake$") and "password" not in account
    assert db["emails"].find_one({"_id": "alice@example.fr"})["user_id"] == body["id"]


def test_request_ids_become_event_meta(client, db):
    body = client.post("/api/users", json=sign_up_body(),
                       headers={"X-Request-Id": "req-42", "X-Correlation-Id": "journey-7"}).get_json()
    (event,) = db["events"].find_one({"_id": commit_id(f"user-{body['id']}", 1)})["events"]
    assert event["meta"]["correlation_id"] == "journey-7"
    assert event["meta"]["causation_id"] == "req-42"
    assert event["meta"]["actor"] == body["id"]


def test_an_email_is_taken_whatever_its_case(client):
    assert client.post("/api/users", json=sign_up_body()).status_code == 201
    answer = client.post("/api/users", json=sign_up_body(email="  ALICE@Example.fr"))
    assert answer.status_code == 409
    assert answer.get_json() == {"code": "EMAIL_TAKEN", "message": "Cette adresse e-mail est déjà utilisée.",
                                 "details": {}}


def test_an_abandoned_reservation_is_taken_over_after_its_delay(client, db, clock):
    # A sign-up that died after reserving the email, before appending its event.
    db["emails"].insert_one({"_id": "alice@example.fr", "user_id": "dead-user", "reserved_at": clock.now})
    db["accounts"].insert_one({"_id": "dead-user", "first_name": "Old"})
    assert client.post("/api/users", json=sign_up_body()).status_code == 409
    clock.advance(minutes=3)
    body = client.post("/api/users", json=sign_up_body()).get_json()
    assert db["emails"].find_one({"_id": "alice@example.fr"})["user_id"] == body["id"]
    assert db["accounts"].find_one({"_id": "dead-user"}) is None


def test_a_registered_email_is_never_taken_over(client, clock):
    assert client.post("/api/users", json=sign_up_body()).status_code == 201
    clock.advance(days=30)
    assert client.post("/api/users", json=sign_up_body(robotProof=robot_proof(clock.now))).status_code == 409
