"""Outbox relay: publishes stored commits in order to `pix.<service>.events` (DESIGN.md §2).

Each intent in `outbox` points to a commit by `_id`. The relay publishes a commit only if it
exists with the intent's nonce, waits for the broker's acknowledgement (acks=all), and only
then deletes the intent. A crash anywhere leads to a re-send, never to a loss, and nothing
unstored is ever published. One relay per service publishes at a time (a lease document).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

from kafka.errors import KafkaError
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError, PyMongoError

from .metrics import EVENTS_PUBLISHED, OUTBOX_PENDING
from .store import ABANDON_AFTER_S, EventStore

log = logging.getLogger(__name__)

LEASE_S = 15.0


class OutboxRelay:
    def __init__(self, db: Database, producer_factory, topic: str, source: str, batch: int = 500,
                 abandon_after_s: float = ABANDON_AFTER_S) -> None:
        self.store = EventStore(db, source)
        self.leases = db["leases"]
        self.producer_factory = producer_factory
        self.producer = None
        self.topic = topic
        self.source = source
        self.batch = batch
        self.abandon_after = timedelta(seconds=abandon_after_s)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self.lease_until: datetime | None = None

    def acquire_lease(self) -> bool:
        """Hold the service's relay lease; renewed only when half spent, so an idle relay
        does not write to the store on every round."""
        now = datetime.now(UTC)
        if self.lease_until and now < self.lease_until - timedelta(seconds=LEASE_S / 2):
            return True
        until = now + timedelta(seconds=LEASE_S)
        try:
            result = self.leases.update_one(
                {"_id": "outbox-relay", "$or": [{"holder": self.holder}, {"until": {"$lt": now}}]},
                {"$set": {"holder": self.holder, "until": until}}, upsert=True)
            held = result.matched_count == 1 or result.upserted_id is not None
        except DuplicateKeyError:
            held = False  # another relay holds a live lease
        self.lease_until = until if held else None
        return held

    def run_once(self) -> int:
        """Publish what the outbox holds now; returns the number of events published."""
        if not self.acquire_lease():
            return 0
        intents = list(self.store.outbox.find({}).sort([("created_at", 1), ("_id", 1)]).limit(self.batch))
        OUTBOX_PENDING.labels(self.source).set(len(intents))
        if not intents:
            return 0
        to_send, done, now = [], [], datetime.now(UTC)
        for intent in sorted(intents, key=lambda i: (i["stream"], i["commit_id"])):
            commit = self.store.events.find_one({"_id": intent["commit_id"]})
            if commit is not None and commit.get("nonce") == intent["_id"]:
                to_send.extend(self.store.envelopes_of(commit))
                done.append(intent["_id"])
            elif commit is not None or _aware(intent["created_at"]) + self.abandon_after < now:
                done.append(intent["_id"])  # lost a race, or its writer died before the commit
        # Per stream, positions ascend; streams are independent of each other.
        to_send.sort(key=lambda e: (e.stream, e.position))
        if to_send:
            producer = self._producer()
            futures = [producer.send(self.topic, key=e.key.encode(), value=e.to_wire()) for e in to_send]
            producer.flush(timeout=30)
            for future in futures:
                future.get(timeout=0)  # raises if the broker did not acknowledge
        self.store.outbox.delete_many({"_id": {"$in": done}})
        EVENTS_PUBLISHED.labels(self.source).inc(len(to_send))
        return len(to_send)

    def _producer(self):
        if self.producer is None:
            self.producer = self.producer_factory()
        return self.producer

    def run(self, stop: threading.Event, idle_s: float = 0.05) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                sent = self.run_once()
                backoff = 0.5
                if not sent:
                    stop.wait(idle_s)
            except (KafkaError, PyMongoError, OSError) as exc:
                log.warning("relay %s: %s; retrying in %.1fs", self.source, exc, backoff)
                self._reset_producer()
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
        self._reset_producer()

    def _reset_producer(self) -> None:
        if self.producer is not None:
            try:
                self.producer.close(timeout=2)
            except Exception:  # closing a broken producer may itself fail; it is dropped anyway
                log.debug("closing producer failed", exc_info=True)
            self.producer = None


def _aware(moment: datetime) -> datetime:
    # pymongo returns naive UTC datetimes unless tz_aware is set on the client.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def wait_idle(relay: OutboxRelay, timeout: float = 30.0) -> None:
    """Run the relay until its outbox is empty (tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        relay.run_once()
        if relay.store.outbox.find_one({}) is None:
            return
    raise TimeoutError("outbox not drained")
