"""Keeping a copy of pix.identity.people on the real broker: values and tombstones reach the
handler with their user id, the latest value wins, and a poison value is dead-lettered."""
import json
import uuid

from pixkit.consumer import ConsumerLoop
from pixkit.dispatch import dispatcher_for
from pixkit.kafka import make_consumer, make_producer
from pixkit.people import PeopleSubscription
from pixkit.people_relay import PeopleRelay
from pymongo import MongoClient

from .helpers import read_topic, wait_for


def person(user_id: str, first_name: str) -> dict:
    return {"user_id": user_id, "first_name": first_name, "last_name": "Copie",
            "email": f"{first_name.lower()}@example.fr", "updated_at": "2025-03-01T09:30:00.000000Z"}


def test_a_copy_follows_the_people_topic_tombstones_included(settings_for):
    identity, reader = settings_for("identity"), settings_for("sharing")
    topic = identity.topic("pix.identity.people")
    client = MongoClient(identity.mongo_uri)
    db = client[identity.db_name]
    relay = PeopleRelay(db, lambda: make_producer(identity), topic)
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
    for user_id, value, version in ((alice, person(alice, "Alice"), 1), (bob, person(bob, "Bob"), 1)):
        db["people_outbox"].insert_one({"_id": user_id, "value": value, "version": version, "created_at": 1})
    assert relay.publish_once() == 2
    db["people_outbox"].insert_one({"_id": alice, "value": person(alice, "Alicia"), "version": 2, "created_at": 2})
    db["people_outbox"].insert_one({"_id": bob, "value": None, "version": 2, "created_at": 3})  # erased
    assert relay.publish_once() == 2

    copy: dict[str, dict | None] = {}
    subscription = PeopleSubscription("people-copy", topic, lambda user_id, value: copy.__setitem__(user_id, value))
    group = reader.group(subscription.name)
    loop = ConsumerLoop(make_consumer(reader, group, subscription.topics), lambda: make_producer(reader),
                        dispatcher_for(subscription, group), reader.dlq_topic)
    wait_for(lambda: loop.poll_once() == 0 and len(copy) == 2, timeout=30)
    assert copy[alice]["first_name"] == "Alicia"  # the latest value wins
    assert copy[bob] is None  # the tombstone: erase the copy
    published = read_topic(reader.kafka_bootstrap, topic, 4)
    assert [r.headers for r in published] == [[("pix-type", b"Person"), ("pix-version", b"1")]] * 4

    # A value that breaks the Person contract, or sits under another person's key: dead letters.
    producer = make_producer(identity)
    producer.send(topic, key=alice.encode(), value=json.dumps({"user_id": alice}).encode())
    producer.send(topic, key=bob.encode(), value=json.dumps(person(alice, "Usurpateur")).encode())
    producer.flush(timeout=10)
    producer.close()
    wait_for(lambda: loop.poll_once() == 0 and len(read_topic(reader.kafka_bootstrap, reader.dlq_topic, 2, 5)) >= 2,
             timeout=30)
    dead = [json.loads(r.value) for r in read_topic(reader.kafka_bootstrap, reader.dlq_topic, 2)]
    assert {d["error"]["type"] for d in dead} == {"ValidationError", "ValueError"}
    assert copy[alice]["first_name"] == "Alicia" and copy[bob] is None  # the copy was not touched
    loop.close()
    relay._reset_producer()
    client.close()
