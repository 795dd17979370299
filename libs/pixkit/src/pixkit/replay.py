"""Rebuild a read model from the topics (docs/architecture.md §3): drop it, read every partition of the
subscription's topics from offset 0 to the end seen at start, with the live handlers and
the live dispatcher: the same contracts, the same upcasters (old versions read as the
handlers' version), the same verdict on an unreadable version (skipped here; the live
loop dead-lettered it). So a rebuild gives the read model the live loop built.

Run it with the service's worker stopped (`make replay SERVICE=…` does so): the live consumer
group keeps its offsets, and events it then re-reads are no-ops thanks to apply_once.
"""
from __future__ import annotations

import logging
import time

from kafka.structs import TopicPartition
from pymongo.database import Database

from .consumer import Subscription
from .dispatch import dispatcher_for
from .kafka import make_consumer
from .settings import Settings

log = logging.getLogger(__name__)


class ReplayError(RuntimeError):
    pass


def replay(settings: Settings, db: Database, subscriptions: list[Subscription], collections: list[str],
           progress=None, timeout_s: float = 3600.0) -> int:
    """Drop `collections`, then feed every subscription from the start; returns events read."""
    for name in collections:
        db.drop_collection(name)
    return sum(_replay_one(settings, sub, progress, timeout_s) for sub in subscriptions)


def _replay_one(settings: Settings, subscription: Subscription, progress, timeout_s: float) -> int:
    consumer = make_consumer(settings, None)
    try:
        partitions = [TopicPartition(t, p) for t in subscription.topics
                      for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if end[tp] > 0}
        dispatcher = dispatcher_for(subscription, f"replay:{subscription.name}", attempts=3, sleep=time.sleep)
        count, deadline = 0, time.monotonic() + timeout_s
        while remaining:
            if time.monotonic() > deadline:
                raise ReplayError(f"replay did not reach the end of {sorted(map(str, remaining))}")
            for tp, records in consumer.poll(timeout_ms=500).items():
                for record in records:
                    if record.offset >= end[tp]:
                        continue
                    outcome, error, _ = dispatcher.handle_record(record)
                    if outcome == "dead":
                        log.warning("replay skipped %s@%d (it is in the DLQ): %s", tp, record.offset, error)
                    count += 1
                    if progress and count % 1000 == 0:
                        progress(count)
            remaining = {tp for tp in remaining if consumer.position(tp) < end[tp]}
        return count
    finally:
        consumer.close()
