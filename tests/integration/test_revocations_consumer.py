"""The access revocations every service keeps, on the real broker and store: identity's
events, relayed, projected by another service's worker loop; duplicates change nothing, an
erasure wins, and the check refuses exactly the revoked tokens."""
import uuid
from datetime import UTC, datetime, timedelta

from pixkit import revocations
from pixkit.auth import Claims
from pixkit.consumer import ConsumerLoop
from pixkit.dispatch import dispatcher_for
from pixkit.events import PendingEvent
from pixkit.kafka import make_consumer, make_producer
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.store import EventStore
from pymongo import MongoClient

from .helpers import wait_for


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def revoked(user_id: str, at: datetime, *, epoch=None, session_id=None) -> PendingEvent:
    return PendingEvent("AccessRevoked", 1, {
        "user_id": user_id, "reason": "logout" if session_id else "roles_changed", "revoked_at": iso(at),
        "epoch": epoch, "session_id": session_id,
        "session_expires_at": iso(at + timedelta(minutes=16)) if session_id else None})


def test_a_service_learns_the_revocations_and_refuses_those_tokens(settings_for):
    identity, assessment = settings_for("identity"), settings_for("assessment")
    client = MongoClient(identity.mongo_uri)
    store = EventStore(client[identity.db_name], "identity")
    relay = OutboxRelay(client[identity.db_name], lambda: make_producer(identity), identity.events_topic, "identity")
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
    s1, s2, s3 = (str(uuid.uuid4()) for _ in range(3))
    t0 = datetime.now(UTC)
    events = {alice: [revoked(alice, t0, session_id=s1), revoked(alice, t0, epoch=2),
                      revoked(alice, t0 + timedelta(minutes=20), session_id=s2)],  # s1 is forgotten by then
              bob: [revoked(bob, t0, session_id=s3),
                    PendingEvent("UserAnonymized", 1, {"user_id": bob, "anonymized_at": iso(t0)})]}
    for user_id, pending in events.items():
        store.append(f"user-{user_id}", 0, pending[:1], key=user_id)
        store.append(f"user-{user_id}", 1, pending[1:], key=user_id)
    wait_idle(relay)

    db = client[assessment.db_name]
    subscription = revocations.subscription(assessment, db)
    group = assessment.group(subscription.name)
    assert group.endswith("assessment.access-revocations")
    loop = ConsumerLoop(make_consumer(assessment, group, subscription.topics), lambda: make_producer(assessment),
                        dispatcher_for(subscription, group), assessment.dlq_topic)
    copy = db[revocations.COLLECTION]
    wait_for(lambda: loop.poll_once() == 0 and copy.find_one({"_id": bob}) is not None
             and "sessions" in (copy.find_one({"_id": alice}) or {})
             and s2 in copy.find_one({"_id": alice})["sessions"], timeout=30)
    before = {doc["_id"]: doc for doc in (copy.find_one({"_id": alice}), copy.find_one({"_id": bob}))}
    assert before[bob] == {"_id": bob, "erased": True}
    assert before[alice]["min_epoch"] == 2 and set(before[alice]["sessions"]) == {s2}

    # The same events again (a redelivery, a replay): the documents do not move.
    for pending in events.values():
        for event in pending:
            if event.type == "AccessRevoked":
                revocations.record(event.data, revocations=copy)
            else:
                revocations.record_erasure(event.data["user_id"], revocations=copy)
    assert {d: copy.find_one({"_id": d}) for d in before} == before

    check = revocations.RevocationCheck(copy)
    expires = t0 + timedelta(minutes=15)

    def refused(user_id, session_id=None, epoch=0):
        return check.refusal(Claims(user_id, (), expires, "j", session_id, epoch)) is not None

    assert refused(bob, epoch=9)
    assert refused(alice, s2, 2) and refused(alice, s3, 1) and not refused(alice, s3, 2)
    assert not refused(str(uuid.uuid4()))
    loop.close()
    relay._reset_producer()
    client.close()
