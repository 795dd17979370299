"""Rebuild a read model from the topics (docs/architecture.md §3): drop it, read every partition of the
subscription's topics from offset 0 to the end seen at start, with the live handlers and
the live dispatcher: the same contracts, the same upcasters (old versions read as the
handlers' version), the same verdict on an unreadable version (skipped here; the live
loop dead-lettered it). So a rebuild gives the read model the live loop built.

A subscription that declares `keyed_documents` (each document its handlers write belongs to
the record's key) is replayed in `LANES` threads, the records of one key all in one lane and
in their order: the store's round trips overlap, and each document sees the writes it saw
before, in the same order (docs/adr/0012-record-headers-and-idle-loops.md).

Run it with the service's worker stopped (`make replay SERVICE=…` does so): the live consumer
group keeps its offsets, and events it then re-reads are no-ops thanks to apply_once.
"""
from __future__ import annotations

import logging
import time
import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

from kafka.structs import TopicPartition
from pymongo.database import Database

from .consumer import Subscription
from .dispatch import dispatcher_for
from .kafka import make_consumer
from .settings import Settings

log = logging.getLogger(__name__)

REPLAY_POLL_RECORDS = 2000
LANES = 4


class ReplayError(RuntimeError):
    pass


def replay(settings: Settings, db: Database, subscriptions: list[Subscription], collections: list[str],
           progress=None, timeout_s: float = 3600.0) -> int:
    """Drop `collections`, then feed every subscription from the start; returns events read."""
    for name in collections:
        db.drop_collection(name)
    return sum(_replay_one(settings, sub, progress, timeout_s) for sub in subscriptions)


def _replay_one(settings: Settings, subscription: Subscription, progress, timeout_s: float) -> int:
    # Large polls: a replay reads whole topics, and most records are skipped by their header.
    consumer = make_consumer(settings, None, max_poll_records=REPLAY_POLL_RECORDS)
    lanes = None
    try:
        dispatcher = dispatcher_for(subscription, f"replay:{subscription.name}", attempts=3, sleep=time.sleep)
        if getattr(subscription, "keyed_documents", False):  # a PeopleSubscription never is
            lanes = Lanes(dispatcher, LANES)
        partitions = [TopicPartition(t, p) for t in subscription.topics
                      for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if end[tp] > 0}
        count, deadline = 0, time.monotonic() + timeout_s
        while remaining:
            if time.monotonic() > deadline:
                raise ReplayError(f"replay did not reach the end of {sorted(map(str, remaining))}")
            for tp, records in consumer.poll(timeout_ms=500).items():
                for record in records:
                    if record.offset >= end[tp]:
                        continue
                    if lanes is not None:
                        lanes.submit(tp, record)
                    else:
                        _verdict(dispatcher.handle_record(record), tp, record.offset)
                    count += 1
                    if progress and count % 1000 == 0:
                        progress(count)
            remaining = {tp for tp in remaining if consumer.position(tp) < end[tp]}
        if lanes is not None:
            lanes.finish()
        return count
    finally:
        if lanes is not None:
            lanes.close()
        consumer.close()


def _verdict(result: tuple[str, str | None, int], tp: TopicPartition, offset: int) -> None:
    outcome, error, _ = result
    if outcome == "dead":
        log.warning("replay skipped %s@%d (it is in the DLQ): %s", tp, offset, error)


class Lanes:
    """Records dispatched on `count` threads, by key: one key's records in one lane, in order.
    Records the subscription ignores by their header are not even queued. The first failure
    of a lane (the store away: InfrastructureUnavailable) stops the replay with it."""

    def __init__(self, dispatcher, count: int, backlog: int = 2000) -> None:
        self.dispatcher = dispatcher
        self.lanes = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"replay-lane-{n}") for n in range(count)]
        self.pending: deque[tuple[Future, TopicPartition, int]] = deque()
        self.backlog = backlog

    def submit(self, tp: TopicPartition, record) -> None:
        if self.dispatcher.ignores(record):
            return
        lane = self.lanes[zlib.crc32(record.key or b"") % len(self.lanes)]
        self.pending.append((lane.submit(self.dispatcher.handle_record, record), tp, record.offset))
        while len(self.pending) > self.backlog:  # bounded memory: wait for the oldest
            self._settle_oldest()

    def _settle_oldest(self) -> None:
        future, tp, offset = self.pending.popleft()
        _verdict(future.result(), tp, offset)  # re-raises the lane's exception

    def finish(self) -> None:
        while self.pending:
            self._settle_oldest()

    def close(self) -> None:
        for future, _, _ in self.pending:
            future.cancel()
        for lane in self.lanes:
            lane.shutdown(wait=True)
