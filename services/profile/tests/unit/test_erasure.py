"""Erasure (docs/architecture.md §5): UserAnonymized scrubs the person's profile for good."""
import json
import uuid

from pix_profile.bootstrap import bootstrap
from pix_profile.entrypoints.http import create_app
from pixkit.consumer import Dispatcher
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, TokenMint, unit_settings

USER = str(uuid.UUID(int=9))
AT = "2025-03-02T10:00:00.000000Z"


def event(kind: str, position: int) -> bytes:
    data = ({"user_id": USER, "locale": "fr", "registered_at": AT} if kind == "UserRegistered"
            else {"user_id": USER, "anonymized_at": AT})
    return Envelope(id=str(uuid.uuid4()), type=kind, schema_version=1, source="identity", stream=f"user-{USER}",
                    position=position, occurred_at=AT, key=USER, data=data).to_wire()


def deliver(service, message: bytes) -> None:
    subscription = service.subscriptions[0]
    outcome, error, _ = Dispatcher(subscription, "unit", sleep=lambda _: None).handle(message)
    assert (outcome, error) == ("handled", None)


def test_an_anonymized_person_has_no_profile_any_more():
    service = bootstrap(unit_settings("profile"), FakeDatabase())
    deliver(service, event("UserRegistered", 1))
    deliver(service, event("UserAnonymized", 2))
    doc = service.db["profiles"].find_one({"_id": USER})
    assert doc == {"_id": USER, "applied": {f"user-{USER}": 2}, "erased": True}
    mint = TokenMint()
    client = create_app(unit_settings("profile"), service, ready_checks={}, verifier=mint.verifier()).test_client()
    assert client.get(f"/api/profile/{USER}", headers=mint.headers("x", ["SUPPORT"])).status_code == 404


def test_a_late_redelivery_of_the_registration_cannot_bring_the_profile_back():
    service = bootstrap(unit_settings("profile"), FakeDatabase())
    deliver(service, event("UserRegistered", 1))
    deliver(service, event("UserAnonymized", 2))
    erased = json.dumps(service.db["profiles"].find_one({"_id": USER}))
    deliver(service, event("UserRegistered", 1))
    assert json.dumps(service.db["profiles"].find_one({"_id": USER})) == erased
