"""Faults on the consuming side, against the real broker and store (docs/architecture.md §9)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import bson
import pytest
from pixkit.kafka import make_producer
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.replay import replay
from pixkit.store import EventStore
from pymongo import MongoClient

from ..integration.helpers import read_topic, user_registered, wait_for
from .crashing_consumer import loop_for, subscription

HERE = Path(__file__).parent


@pytest.fixture
def env(settings_for):
    identity, profile = settings_for("identity"), settings_for("profile")
    client = MongoClient(identity.mongo_uri)
    store = EventStore(client[identity.db_name], "identity")
    relay = OutboxRelay(store.db, lambda: make_producer(identity), identity.events_topic, "identity")
    people = client[profile.db_name]["people"]
    yield identity, profile, store, relay, people
    relay._reset_producer()
    client.close()


def snapshot(collection) -> list[bytes]:
    return [bson.encode(doc) for doc in collection.find({}).sort("_id", 1)]


def drain(loop, check):
    wait_for(lambda: loop.poll_once(timeout_ms=200) == 0 and check(), timeout=30)


def test_the_same_event_delivered_twice_leaves_the_read_model_unchanged(env):
    identity, profile, store, relay, people = env
    [event] = store.append("user-dup", 0, [user_registered()], key="dup")
    wait_idle(relay)
    delivered = []
    sub = subscription(profile, people).on("UserRegistered", lambda e: delivered.append(e.id))
    loop = loop_for(profile, sub)
    drain(loop, lambda: delivered == [event.id])
    before = snapshot(people)
    producer = make_producer(identity)
    producer.send(identity.events_topic, key=b"dup", value=event.to_wire())  # a redelivery
    producer.flush()
    # Handlers run in the order they were added: once the duplicate reached this one, the
    # projection has already been handed it.
    drain(loop, lambda: delivered == [event.id, event.id])
    assert snapshot(people) == before
    assert people.find_one({"_id": "dup"})["registrations"] == 1
    loop.close()
    producer.close()


def test_a_consumer_killed_between_write_and_commit_gets_the_event_again(env):
    identity, profile, store, relay, people = env
    store.append("user-crash", 0, [user_registered()], key="crash")
    wait_idle(relay)
    child_env = {**os.environ, "PIX_CRASH_AFTER_WRITE": "1", "PIX_KAFKA_BOOTSTRAP": profile.kafka_bootstrap,
                 "PIX_MONGO_URI": profile.mongo_uri, "PIX_DB_PREFIX": profile.db_prefix,
                 "PIX_TOPIC_PREFIX": profile.topic_prefix}
    crashed = subprocess.run([sys.executable, str(HERE / "crashing_consumer.py")], env=child_env,
                             capture_output=True, timeout=120)
    assert crashed.returncode == 17, crashed.stderr.decode()[-2000:]
    after_crash = snapshot(people)
    assert len(after_crash) == 1  # it wrote, then died before committing

    calls = []
    sub = subscription(profile, people)
    sub.on("UserRegistered", calls.append)
    loop = loop_for(profile, sub)
    drain(loop, lambda: len(calls) == 1)  # redelivered to the group's next member
    assert snapshot(people) == after_crash
    loop.close()


def test_a_poison_event_goes_to_the_dlq_and_the_partition_keeps_flowing(env):
    identity, profile, store, relay, people = env
    producer = make_producer(identity)
    store.append("user-before", 0, [user_registered()], key="same")
    wait_idle(relay)
    bad_schema = json.loads(store.read_stream("user-before")[0].to_wire())
    bad_schema["data"]["locale"] = 42
    bad_schema["stream"] = "user-poison"
    producer.send(identity.events_topic, key=b"same", value=b"\xff not json")
    producer.send(identity.events_topic, key=b"same", value=json.dumps(bad_schema).encode())
    producer.flush()
    store.append("user-after", 0, [user_registered()], key="same")
    wait_idle(relay)

    seen = []
    sub = subscription(profile, people).on("UserRegistered", lambda e: seen.append(e.stream))
    loop = loop_for(profile, sub)
    drain(loop, lambda: seen == ["user-before", "user-after"])
    dead = read_topic(profile.kafka_bootstrap, profile.dlq_topic, expected=2)
    reasons = sorted(json.loads(r.value)["error"]["type"] for r in dead)
    assert reasons == ["DecodeError", "ValidationError"]
    loop.close()
    producer.close()


def test_replay_from_zero_rebuilds_a_byte_identical_read_model(env):
    identity, profile, store, relay, people = env
    for i in range(40):
        key = f"person-{i % 7}"  # several events per document
        version = store.load(f"user-{i}").version
        store.append(f"user-{i}", version, [user_registered()], key=key)
    wait_idle(relay)
    sub = subscription(profile, people)
    loop = loop_for(profile, sub)
    drain(loop, lambda: people.count_documents({}) == 7)
    loop.close()
    before = snapshot(people)
    assert replay(profile, people.database, [sub], ["people"]) == 40
    assert snapshot(people) == before
