"""Outbox relay against the real broker and store: order per key, nothing unstored."""
from datetime import UTC, datetime, timedelta

import pytest
from pixkit.kafka import make_producer
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.store import EventStore, commit_id
from pymongo import MongoClient

from .helpers import envelopes, read_topic, user_registered


@pytest.fixture
def relay_env(settings_for):
    settings = settings_for("identity")
    client = MongoClient(settings.mongo_uri)
    db = client[settings.db_name]
    relay = OutboxRelay(db, lambda: make_producer(settings), settings.events_topic, "identity")
    yield settings, EventStore(db, "identity"), relay
    relay._reset_producer()
    client.close()


def test_relay_publishes_every_stream_in_order_keyed_by_person(relay_env):
    settings, store, relay = relay_env
    people = [f"person-{i}" for i in range(5)]
    versions = dict.fromkeys(people, 0)
    for _round in range(6):  # interleave the streams of five people
        for person in people:
            store.append(f"user-{person}", versions[person], [user_registered()], key=person)
            versions[person] += 1
    wait_idle(relay)
    records = read_topic(settings.kafka_bootstrap, settings.events_topic, expected=30)
    assert len(records) == 30
    by_key: dict[str, list[tuple[int, int, int]]] = {}
    for record, env in zip(records, envelopes(records), strict=True):
        assert record.key.decode() == env.key
        by_key.setdefault(env.key, []).append((record.partition, record.offset, env.position))
    assert sorted(by_key) == people
    for key, seen in by_key.items():
        assert len({p for p, _, _ in seen}) == 1, f"{key} spread over partitions"
        assert [pos for _, _, pos in sorted(seen)] == list(range(1, 7))


def test_every_record_carries_its_event_type_and_version_in_headers_the_consumer_reads(relay_env):
    settings, store, relay = relay_env
    store.append("user-headed", 0, [user_registered()], key="headed")
    wait_idle(relay)
    (record,) = read_topic(settings.kafka_bootstrap, settings.events_topic, expected=1)
    assert record.headers == [("pix-type", b"UserRegistered"), ("pix-version", b"1")]
    (env,) = envelopes([record])
    assert (env.type, env.schema_version) == ("UserRegistered", 1)


def test_a_large_outbox_drains_batch_by_batch_deleting_by_id(relay_env):
    settings, store, relay = relay_env
    relay.batch = 4
    for n in range(10):
        store.append(f"user-many-{n}", 0, [user_registered()], key=f"many-{n}")
    assert [relay.run_once() for _ in range(4)] == [4, 4, 2, 0]  # two full batches, then the rest
    assert store.outbox.count_documents({}) == 0
    assert len(read_topic(settings.kafka_bootstrap, settings.events_topic, expected=10)) == 10


def test_relay_never_publishes_an_intent_without_its_commit(relay_env):
    settings, store, relay = relay_env
    store.append("user-ok", 0, [user_registered()], key="ok")
    # A writer that died after its intent and before its commit:
    store.outbox.insert_one({"_id": "dead-writer", "commit_id": commit_id("user-ghost", 1),
                             "stream": "user-ghost", "created_at": datetime.now(UTC)})
    relay.run_once()
    assert store.outbox.find_one({"_id": "dead-writer"}) is not None  # young: it may still come
    store.outbox.update_one({"_id": "dead-writer"},
                            {"$set": {"created_at": datetime.now(UTC) - timedelta(minutes=5)}})
    relay.run_once()
    assert store.outbox.count_documents({}) == 0
    records = read_topic(settings.kafka_bootstrap, settings.events_topic, expected=1)
    assert [e.stream for e in envelopes(records)] == ["user-ok"]


def test_only_one_relay_holds_the_lease(relay_env):
    settings, store, relay = relay_env
    other = OutboxRelay(store.db, lambda: make_producer(settings), settings.events_topic, "identity")
    assert relay.acquire_lease()
    assert not other.acquire_lease()
    assert relay.acquire_lease()  # renewal by the holder
