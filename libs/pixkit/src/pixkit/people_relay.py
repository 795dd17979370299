"""Publishes the latest personal data of each person on a compacted topic (DESIGN.md §5).

A service writes intents to `people_outbox`: `_id` = key (user id), `value` (a dict, or
None for a tombstone) and a `version` bumped at each write. This loop sends each intent,
waits for the broker's acknowledgement, and then deletes it only if its version did not
change meanwhile (else the newer value is sent on the next round). At least once; on the
compacted topic the latest value per key wins. One publisher at a time (a lease document).
"""
from __future__ import annotations

import json
import logging
import os
import socket
import threading
from datetime import UTC, datetime, timedelta

from kafka.errors import KafkaError
from pymongo.errors import DuplicateKeyError, PyMongoError

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=15)
LEASE_ID = "people-relay"


def encode(value: dict | None) -> bytes | None:
    return None if value is None else json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class PeopleRelay:
    def __init__(self, db, producer_factory, topic: str, batch: int = 500) -> None:
        self.intents = db["people_outbox"]
        self.leases = db["leases"]
        self.producer_factory = producer_factory
        self.producer = None
        self.topic = topic
        self.batch = batch
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"

    def acquire_lease(self) -> bool:
        now = datetime.now(UTC)
        try:
            result = self.leases.update_one(
                {"_id": LEASE_ID, "$or": [{"holder": self.holder}, {"until": {"$lt": now}}]},
                {"$set": {"holder": self.holder, "until": now + LEASE}}, upsert=True)
        except DuplicateKeyError:
            return False  # another relay holds a live lease
        return result.matched_count == 1 or result.upserted_id is not None

    def run_once(self) -> int:
        """Publish what the outbox holds now; returns the number of values sent."""
        if not self.acquire_lease():
            return 0
        intents = list(self.intents.find({}).sort([("created_at", 1), ("_id", 1)]).limit(self.batch))
        if not intents:
            return 0
        if self.producer is None:
            self.producer = self.producer_factory()
        futures = [self.producer.send(self.topic, key=i["_id"].encode(), value=encode(i.get("value")))
                   for i in intents]
        self.producer.flush(timeout=30)
        for future in futures:
            future.get(timeout=0)  # raises if the broker did not acknowledge
        for intent in intents:
            self.intents.delete_one({"_id": intent["_id"], "version": intent["version"]})
        return len(intents)

    def run(self, stop: threading.Event, idle_s: float = 0.1) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                if not self.run_once():
                    stop.wait(idle_s)
                backoff = 0.5
            except (KafkaError, PyMongoError, OSError) as exc:
                log.warning("people relay: %s; retrying in %.1fs", exc, backoff)
                self._reset_producer()
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
        self._reset_producer()

    def _reset_producer(self) -> None:
        if self.producer is not None:
            try:
                self.producer.close(timeout=2)
            except Exception:  # a broken producer may fail to close; it is dropped anyway
                log.debug("closing producer failed", exc_info=True)
            self.producer = None
