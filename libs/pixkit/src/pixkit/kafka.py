"""Kafka clients configured once for the whole platform (docs/architecture.md §2), and the
record headers every record the platform publishes carries
(docs/adr/0012-record-headers-and-idle-loops.md)."""
from __future__ import annotations

import time

from kafka import KafkaConsumer, KafkaProducer
from pix_contracts.topics import ASSESSMENT_EVENTS

from .settings import Settings

# The wire name and the schema version of what a record's value holds, so that a consumer
# can skip a record it does not handle without decoding its value.
TYPE_HEADER = "pix-type"
VERSION_HEADER = "pix-version"

Headers = list[tuple[str, bytes]]


def record_headers(type_name: str, version: int) -> Headers:
    return [(TYPE_HEADER, type_name.encode()), (VERSION_HEADER, str(version).encode())]


def header_text(record, name: str) -> str | None:
    """The first header `name` of a consumed record as text; None when it has none (records
    published before the headers, or by a producer outside the platform)."""
    for key, value in getattr(record, "headers", None) or ():
        if key == name and value is not None:
            return value.decode("utf-8", errors="replace")
    return None


def make_producer(settings: Settings, **overrides) -> KafkaProducer:
    config = dict(
        bootstrap_servers=settings.kafka_bootstrap,
        acks="all",
        enable_idempotence=True,
        retries=2**31 - 1,
        max_in_flight_requests_per_connection=5,
        compression_type="gzip",
        linger_ms=5,
        # Fail a send quickly when the broker is away: the relay keeps the intent and retries.
        max_block_ms=5000,
        request_timeout_ms=10000,
        delivery_timeout_ms=30000,
        client_id=f"pix-{settings.service}",
    )
    config.update(overrides)
    return KafkaProducer(**config)


# The topic an exam peak fills (AnswerRecorded, the closing events of each test).
BUSY_TOPICS = (ASSESSMENT_EVENTS,)


def fetch_settings(settings: Settings, topics) -> dict:
    """A consumer of a busy topic fetches at least 16 KiB or 100 ms at a time rather than
    each record as it comes: under a steady 200 events/s a group then spends 280 µs of CPU per
    event, not 900. The others return each record at once and, while their topics are quiet,
    ask the broker every 500 ms (kafka-python's defaults): an idle worker then costs a third of
    the CPU, and their rare events no delay (docs/adr/0012-record-headers-and-idle-loops.md)."""
    if any(settings.topic(busy) in topics for busy in BUSY_TOPICS):
        return {"fetch_min_bytes": 16 * 1024, "fetch_max_wait_ms": 100}
    return {"fetch_min_bytes": 1, "fetch_max_wait_ms": 500}


def make_consumer(settings: Settings, group_id: str | None, topics: list[str] | None = None,
                  **overrides) -> KafkaConsumer:
    config = dict(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=200,
        **fetch_settings(settings, topics or ()),
        session_timeout_ms=10000,
        heartbeat_interval_ms=3000,
        # A topic created after the consumer joined is seen within this delay, not 5 minutes.
        metadata_max_age_ms=15000,
        client_id=f"pix-{settings.service}",
    )
    config.update(overrides)
    consumer = KafkaConsumer(**config)
    if topics:
        _know_partitions(consumer, topics)
        consumer.subscribe(topics)
    return consumer


def _know_partitions(consumer: KafkaConsumer, topics: list[str], timeout_s: float = 15.0) -> None:
    """Fetch the topics' metadata before joining the group: a member that joins without it
    gets no partitions until its next metadata refresh."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(consumer.partitions_for_topic(t) for t in topics):
            return
        time.sleep(0.1)
