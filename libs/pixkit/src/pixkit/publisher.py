"""What every publishing loop shares: one publisher per service at a time (a lease
document), a producer made on demand and dropped after a failure, and a run loop that
backs off while the broker or the store is away. Subclasses say what `publish_once` sends."""
from __future__ import annotations

import logging
import os
import socket
import threading
from abc import ABC, abstractmethod
from datetime import UTC, datetime, timedelta

from kafka.errors import KafkaError
from pymongo.errors import DuplicateKeyError, PyMongoError

from .kafka import Headers

log = logging.getLogger(__name__)

LEASE_S = 15.0
# A loop that finds nothing waits 20 ms, then twice as long each round up to half a second:
# a relay fed in bursts (a consumer's fetches, every 100 ms under load) sends each burst
# within a few tens of milliseconds, and a quiet one queries the store twice a second.
IDLE_FIRST_S = 0.02
IDLE_MAX_S = 0.5
# A loop that sent something pauses this long before its next round: under load the writes
# that came meanwhile then share one outbox read, one broker round trip and one delete, and
# an intent whose commit was still being written is not read again at once (the answer
# path's census, docs/benchmarks.md: 38 rounds a second without it).
BUSY_PAUSE_S = 0.015


class LeasedPublisher(ABC):
    lease_id = "publisher"

    def __init__(self, db, producer_factory) -> None:
        self.leases = db["leases"]
        self.producer_factory = producer_factory
        self.producer = None
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self.lease_until: datetime | None = None

    def acquire_lease(self) -> bool:
        """Hold the lease; renewed only when half spent, so an idle loop does not write to
        the store on every round."""
        now = datetime.now(UTC)
        if self.lease_until and now < self.lease_until - timedelta(seconds=LEASE_S / 2):
            return True
        until = now + timedelta(seconds=LEASE_S)
        try:
            result = self.leases.update_one(
                {"_id": self.lease_id, "$or": [{"holder": self.holder}, {"until": {"$lt": now}}]},
                {"$set": {"holder": self.holder, "until": until}}, upsert=True)
            held = result.matched_count == 1 or result.upserted_id is not None
        except DuplicateKeyError:
            held = False  # another publisher holds a live lease
        self.lease_until = until if held else None
        return held

    def run_once(self) -> int:
        return self.publish_once() if self.acquire_lease() else 0

    @abstractmethod
    def publish_once(self) -> int:
        """Send what waits now (the lease is held); returns how many messages went out."""

    def _producer(self):
        if self.producer is None:
            self.producer = self.producer_factory()
        return self.producer

    def send_all(self, topic: str, messages: list[tuple[bytes, bytes | None, Headers]]) -> None:
        """Send (key, value, headers) and wait for the broker's acknowledgement of every
        message (acks=all)."""
        producer = self._producer()
        futures = [producer.send(topic, key=key, value=value, headers=headers) for key, value, headers in messages]
        producer.flush(timeout=30)
        for future in futures:
            future.get(timeout=0)  # raises if the broker did not acknowledge

    def run(self, stop: threading.Event, idle_s: float = IDLE_FIRST_S, idle_max_s: float = IDLE_MAX_S,
            busy_pause_s: float = BUSY_PAUSE_S) -> None:
        """Publish until `stop`. A round that finds nothing waits twice as long as the one
        before, up to `idle_max_s`; a round that sends pauses `busy_pause_s` and goes back
        to `idle_s`, so a busy loop never waits more than that between rounds."""
        backoff, idle = 0.5, idle_s
        while not stop.is_set():
            try:
                sent = self.run_once()
                backoff = 0.5
                if sent:
                    idle = idle_s
                    if busy_pause_s:
                        stop.wait(busy_pause_s)
                else:
                    stop.wait(idle)
                    idle = min(idle * 2, idle_max_s)
            except (KafkaError, PyMongoError, OSError) as exc:
                log.warning("%s: %s; retrying in %.1fs", self.lease_id, exc, backoff)
                self._reset_producer()
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
        self._reset_producer()

    def _reset_producer(self) -> None:
        if self.producer is not None:
            try:
                self.producer.close(timeout=2)
            except Exception:  # noqa: BLE001 - a broken producer may fail to close; it is dropped anyway
                log.debug("closing producer failed", exc_info=True)
            self.producer = None
