"""Sharing's copies of people and profiles, through the real dispatchers."""
import json
import uuid
from dataclasses import dataclass

from pix_sharing.bootstrap import bootstrap
from pix_sharing.entrypoints.http import create_app
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, unit_settings

USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
AT = "2025-03-01T09:30:00.000000Z"
CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2")


@dataclass
class Record:
    key: bytes | None
    value: bytes | None


def person(first_name: str) -> bytes:
    return json.dumps({"user_id": USER, "first_name": first_name, "last_name": "Martin",
                       "email": "alice@example.fr", "updated_at": AT}).encode()


def event(kind: str, data: dict, position: int, stream: str = f"profile-{USER}") -> bytes:
    return Envelope(id=str(uuid.uuid4()), type=kind, schema_version=1, source="profile", stream=stream,
                    position=position, occurred_at=AT, key=USER, data=data).to_wire()


def profile_updated(total: int, position: int) -> bytes:
    competences = [{"code": c, "level": 0, "pix": 0, "progress": 0} for c in CODES]
    competences[0] = {"code": "1.1", "level": total // 8, "pix": total, "progress": total % 8}
    return event("ProfileUpdated", {"user_id": USER, "total_pix": total, "competences": competences,
                                    "updated_at": AT}, position)


def deliver(service, name: str, record: Record) -> str:
    subscription = next(s for s in service.subscriptions if s.name == name)
    outcome, error, _ = dispatcher_for(subscription, "unit", sleep=lambda _: None).handle_record(record)
    assert error is None, error
    return outcome


def test_the_people_copy_follows_values_and_is_erased_by_a_tombstone():
    service = bootstrap(unit_settings("sharing"), FakeDatabase())
    deliver(service, "people", Record(USER.encode(), person("Alice")))
    deliver(service, "people", Record(USER.encode(), person("Alicia")))
    assert service.db["people"].find_one({"_id": USER})["first_name"] == "Alicia"
    deliver(service, "people", Record(USER.encode(), None))
    assert service.db["people"].find_one({"_id": USER}) is None


def test_user_anonymized_erases_the_names_and_the_profile_copy_for_good():
    service = bootstrap(unit_settings("sharing"), FakeDatabase())
    deliver(service, "people", Record(USER.encode(), person("Alice")))
    deliver(service, "copies", Record(USER.encode(), profile_updated(19, position=4)))
    anonymized = event("UserAnonymized", {"user_id": USER, "anonymized_at": AT}, 3, stream=f"user-{USER}")
    assert deliver(service, "copies", Record(USER.encode(), anonymized)) == "handled"
    assert service.db["people"].find_one({"_id": USER}) is None
    assert service.db["profiles"].find_one({"_id": USER}) == {"_id": USER, "erased": True}
    deliver(service, "copies", Record(USER.encode(), profile_updated(27, position=5)))  # late: stays erased
    assert service.db["profiles"].find_one({"_id": USER}) == {"_id": USER, "erased": True}


def test_the_profile_copy_keeps_the_latest_profile_once():
    service = bootstrap(unit_settings("sharing"), FakeDatabase())
    deliver(service, "copies", Record(USER.encode(), profile_updated(19, position=4)))
    deliver(service, "copies", Record(USER.encode(), profile_updated(12, position=2)))  # older: ignored
    deliver(service, "copies", Record(USER.encode(), profile_updated(19, position=4)))  # again: no-op
    doc = service.db["profiles"].find_one({"_id": USER})
    assert doc["total_pix"] == 19 and doc["applied"] == {f"profile-{USER}": 4}
    assert len(doc["competences"]) == 16


def test_the_worker_keeps_these_copies_beside_the_features():
    service = bootstrap(unit_settings("sharing"), FakeDatabase())
    names = [s.name for s in service.subscriptions]
    assert names[:2] == ["people", "copies"] and names[-1] == "access-revocations"
    assert {"people", "profiles", "access_revocations"} <= set(service.read_model_collections)
    assert service.publishes
    client = create_app(unit_settings("sharing"), service_container=service, ready_checks={}).test_client()
    assert client.get("/health").get_json() == {"status": "ok"}
    assert client.get("/api/anything").get_json()["code"] == "NOT_FOUND"
