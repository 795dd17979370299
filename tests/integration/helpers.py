"""Small helpers for tests that talk to the real broker and store."""
from __future__ import annotations

import time
import uuid

from kafka import KafkaConsumer
from kafka.structs import TopicPartition
from pixkit.events import Envelope, PendingEvent, utc_now_iso


def user_registered(user_id: str | None = None) -> PendingEvent:
    user_id = user_id or str(uuid.uuid4())
    return PendingEvent("UserRegistered", 1, {"user_id": user_id, "locale": "fr", "registered_at": utc_now_iso()})


def read_topic(bootstrap: str, topic: str, expected: int, timeout: float = 30.0) -> list:
    """Every record of a topic from the start, until `expected` of them came (or timeout)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    records, deadline = [], time.monotonic() + timeout
    while len(records) < expected and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=300).values():
            records.extend(batch)
    # A little longer, to catch records beyond the expected count (duplicates, strays).
    for batch in consumer.poll(timeout_ms=500).values():
        records.extend(batch)
    consumer.close()
    return records


def envelopes(records) -> list[Envelope]:
    return [Envelope.from_wire(r.value) for r in records]


def wait_for(check, timeout: float = 20.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
