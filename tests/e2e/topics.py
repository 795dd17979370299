"""Reading a whole topic from the beginning, for the records of one key (e2e checks)."""
from __future__ import annotations

from kafka import KafkaConsumer
from kafka.structs import TopicPartition


def values_for_key(bootstrap: str, topic: str, key: str) -> list[bytes | None]:
    """Every value written under `key`, in offset order (tombstones as None)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        found: list[tuple[int, bytes | None]] = []
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            for records in consumer.poll(timeout_ms=500).values():
                found += [(r.offset, r.value) for r in records if r.key and r.key.decode() == key]
        return [value for _, value in sorted(found, key=lambda item: item[0])]
    finally:
        consumer.close()
