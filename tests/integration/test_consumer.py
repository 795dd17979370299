"""Consumer loop against the real broker and store: commit after write, DLQ, dispatch."""
import json

import pytest
from kafka.structs import TopicPartition
from pixkit.consumer import ConsumerLoop, Dispatcher, Subscription
from pixkit.kafka import make_consumer, make_producer
from pixkit.projection import apply_once
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.store import EventStore
from pymongo import MongoClient

from .helpers import read_topic, user_registered, wait_for


@pytest.fixture
def pipeline(settings_for):
    identity = settings_for("identity")
    reader = settings_for("profile")
    client = MongoClient(identity.mongo_uri)
    store = EventStore(client[identity.db_name], "identity")
    relay = OutboxRelay(store.db, lambda: make_producer(identity), identity.events_topic, "identity")
    read_db = client[reader.db_name]
    yield identity, reader, store, relay, read_db
    relay._reset_producer()
    client.close()


def make_loop(reader, subscription, **dispatch):
    group = reader.group(subscription.name)
    consumer = make_consumer(reader, group, subscription.topics)
    return ConsumerLoop(consumer, lambda: make_producer(reader), Dispatcher(subscription, group, **dispatch),
                        reader.dlq_topic)


def committed(reader, loop, topic):
    parts = loop.consumer.partitions_for_topic(topic)
    return sum(loop.consumer.committed(TopicPartition(topic, p)) or 0 for p in parts)


def test_offsets_are_committed_only_after_the_handler_wrote(pipeline):
    identity, reader, store, relay, read_db = pipeline
    seen_commits_at_write = []
    loop_ref = {}

    def project(envelope):
        seen_commits_at_write.append(committed(reader, loop_ref["loop"], identity.events_topic))
        apply_once(read_db["people"], envelope.data["user_id"], envelope, {"$set": {"locale": envelope.data["locale"]}})

    sub = Subscription("people", [identity.events_topic]).on("UserRegistered", project)
    loop = loop_ref["loop"] = make_loop(reader, sub)
    for i in range(3):
        store.append(f"user-{i}", 0, [user_registered()], key=str(i))
    wait_idle(relay)
    wait_for(lambda: loop.poll_once() == 0 and read_db["people"].count_documents({}) == 3)
    # When the n-th write happens, at most n offsets are committed: never one ahead of its write.
    assert len(seen_commits_at_write) == 3
    assert all(seen <= n for n, seen in enumerate(seen_commits_at_write))
    assert committed(reader, loop, identity.events_topic) == 3
    loop.close()


def test_a_failing_handler_is_retried_then_dead_lettered_and_the_loop_goes_on(pipeline):
    identity, reader, store, relay, read_db = pipeline
    attempts = []

    def flaky(envelope):
        attempts.append(envelope.stream)
        if envelope.stream == "user-bad":
            raise RuntimeError("projection exploded")
        read_db["ok"].insert_one({"_id": envelope.stream})

    sub = Subscription("flaky", [identity.events_topic]).on("UserRegistered", flaky)
    loop = make_loop(reader, sub, attempts=3, backoff_s=(0.01,))
    store.append("user-bad", 0, [user_registered()], key="same-person")
    store.append("user-good", 0, [user_registered()], key="same-person")
    wait_idle(relay)
    wait_for(lambda: loop.poll_once() == 0 and read_db["ok"].find_one({"_id": "user-good"}))
    assert attempts.count("user-bad") == 3
    dead = read_topic(reader.kafka_bootstrap, reader.dlq_topic, expected=1)
    assert len(dead) == 1
    body = json.loads(dead[0].value)
    assert body["error"]["attempts"] == 3 and "projection exploded" in body["error"]["message"]
    assert body["consumer_group"] == reader.group("flaky")
    assert json.loads(__import__("base64").b64decode(body["original"]["value_b64"]))["stream"] == "user-bad"
    loop.close()


def test_events_of_types_nobody_handles_are_skipped_and_committed(pipeline):
    identity, reader, store, relay, read_db = pipeline
    sub = Subscription("nothing", [identity.events_topic]).on("ProfileUpdated", lambda e: None)
    loop = make_loop(reader, sub)
    store.append("user-x", 0, [user_registered()], key="x")
    wait_idle(relay)
    wait_for(lambda: loop.poll_once() == 0 and committed(reader, loop, identity.events_topic) == 1)
    assert read_topic(reader.kafka_bootstrap, reader.dlq_topic, expected=0, timeout=1) == []
    loop.close()


def test_a_record_is_skipped_by_its_type_header_and_one_without_headers_by_its_value(pipeline):
    identity, reader, store, relay, read_db = pipeline
    seen = []
    sub = Subscription("headers", [identity.events_topic]).on("UserRegistered", seen.append)
    loop = make_loop(reader, sub)
    producer = make_producer(identity)
    # Another type by its header, whatever the value: skipped without reading it.
    producer.send(identity.events_topic, key=b"h", value=b"\xff not json",
                  headers=[("pix-type", b"AnswerRecorded"), ("pix-version", b"1")])
    producer.flush(timeout=10)
    producer.close()
    store.append("user-headed", 0, [user_registered()], key="h")  # through the relay: with headers
    wait_idle(relay)
    wait_for(lambda: loop.poll_once() == 0 and committed(reader, loop, identity.events_topic) == 2)
    assert [e.stream for e in seen] == ["user-headed"]
    assert read_topic(reader.kafka_bootstrap, reader.dlq_topic, expected=0, timeout=1) == []
    loop.close()
