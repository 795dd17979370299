"""Outbox relay: publishes stored commits in order to `pix.<service>.events` (docs/architecture.md §2).

Each intent in `outbox` points to a commit by `_id`. The relay publishes a commit only if it
exists with the intent's nonce, waits for the broker's acknowledgement (acks=all), and only
then deletes the intent. A crash anywhere leads to a re-send, never to a loss, and nothing
unstored is ever published. One relay per service publishes at a time (a lease document).
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from pymongo import DeleteOne
from pymongo.database import Database

from .kafka import record_headers
from .metrics import EVENTS_PUBLISHED, OUTBOX_PENDING
from .publisher import LeasedPublisher
from .store import ABANDON_AFTER_S, EventStore

log = logging.getLogger(__name__)

COMMIT_READERS = 4


class OutboxRelay(LeasedPublisher):
    lease_id = "outbox-relay"

    def __init__(self, db: Database, producer_factory, topic: str, source: str, batch: int = 500,
                 abandon_after_s: float = ABANDON_AFTER_S) -> None:
        super().__init__(db, producer_factory)
        self.store = EventStore(db, source)
        self.topic = topic
        self.source = source
        self.batch = batch
        self.abandon_after = timedelta(seconds=abandon_after_s)
        self._readers: ThreadPoolExecutor | None = None

    def _commits_of(self, intents: list[dict]) -> list[dict | None]:
        """The commit each intent points to. Read side by side: a batch then waits about one
        store round trip rather than one per intent, which was most of the time an answer's
        events spent waiting for the relay under load (docs/adr/0015)."""
        def read(intent):
            return self.store.events.find_one({"_id": intent["commit_id"]})

        if len(intents) == 1:
            return [read(intents[0])]
        if self._readers is None:
            self._readers = ThreadPoolExecutor(COMMIT_READERS, thread_name_prefix="relay-read")
        return list(self._readers.map(read, intents))

    def publish_once(self) -> int:
        """Publish what the outbox holds now; returns the number of events published."""
        intents = list(self.store.outbox.find({}).sort([("created_at", 1), ("_id", 1)]).limit(self.batch))
        OUTBOX_PENDING.labels(self.source).set(len(intents))
        if not intents:
            return 0
        to_send, done, now = [], [], datetime.now(UTC)
        ordered = sorted(intents, key=lambda i: (i["stream"], i["commit_id"]))
        for intent, commit in zip(ordered, self._commits_of(ordered), strict=True):
            if commit is not None and commit.get("nonce") == intent["_id"]:
                to_send.extend(self.store.envelopes_of(commit))
                done.append(intent["_id"])
            elif commit is not None or _aware(intent["created_at"]) + self.abandon_after < now:
                done.append(intent["_id"])  # lost a race, or its writer died before the commit
        # Per stream, positions ascend; streams are independent of each other.
        to_send.sort(key=lambda e: (e.stream, e.position))
        if to_send:
            self.send_all(self.topic, [(e.key.encode(), e.to_wire(), record_headers(e.type, e.schema_version))
                                       for e in to_send])
        self._forget(done, whole_outbox=len(intents) < self.batch)
        EVENTS_PUBLISHED.labels(self.source).inc(len(to_send))
        return len(to_send)

    def _forget(self, done: list, whole_outbox: bool) -> None:
        """Delete the intents sent (acknowledged) or given up. On the store, only an `_id`
        equality is an index lookup; an `$in` on `_id` reads the whole collection. So one `$in`
        when the batch held the whole outbox (it is small: one read of it), else one delete
        per `_id` in one bulk request (the outbox may be large after a broker outage):
        measured in docs/adr/0012-record-headers-and-idle-loops.md."""
        if not done:
            return
        if whole_outbox:
            self.store.outbox.delete_many({"_id": {"$in": done}})
        else:
            self.store.outbox.bulk_write([DeleteOne({"_id": intent_id}) for intent_id in done], ordered=False)


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
