"""Event store on the document store, hot paths by `_id` only (docs/architecture.md §2, docs/adr/0002).

Collections in the service's own database:
- `events`: one *commit* document per append, `_id` = "<stream>:<first position, 9 digits>",
  holding the events of that append (one command's events land together or not at all:
  the store has no multi-document transactions);
- `streams`: one state document per aggregate, `_id` = stream, with its version and a
  snapshot of the aggregate state, rewritten every `snapshot_every` commits (and whenever
  the writer asks, e.g. at the end of a test); it lags behind `events` by design and after
  a crash, and loading catches up by probing the next commit ids;
- `outbox`: one intent per append, written *before* the commit; the relay publishes the
  commit it points to, and forgets intents whose commit never appeared (docs/adr/0002).

A store given a StreamCache starts each load from the state it last saw in this process
and only probes the next commit id (docs/adr/0015-event-store-write-path.md): an answer
costs that probe, the intent and the commit, and the snapshot now and then.
"""
from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from .events import Envelope, Meta, PendingEvent
from .metrics import EVENTS_APPENDED
from .stream_cache import StreamCache

# An intent whose commit is not written within this delay is abandoned by the writer and
# later forgotten by the relay, which waits ABANDON_AFTER (much longer) before doing so.
WRITE_DEADLINE_S = 5.0
ABANDON_AFTER_S = 60.0


class ConcurrencyError(Exception):
    """Another writer appended to the stream first; reload and retry, or answer 409."""


def commit_id(stream: str, position: int) -> str:
    return f"{stream}:{position:09d}"


@dataclass(frozen=True)
class Loaded:
    stream: str
    version: int
    state: Any


Evolve = Callable[[Any, Envelope], Any]


class EventStore:
    def __init__(self, db: Database, source: str, *, cache: StreamCache | None = None,
                 snapshot_every: int = 1) -> None:
        self.db = db
        self.source = source
        self.events = db["events"]
        self.streams = db["streams"]
        self.outbox = db["outbox"]
        self.cache = cache
        self.snapshot_every = max(1, snapshot_every)

    def load(self, stream: str, evolve: Evolve | None = None, initial: Any = None) -> Loaded:
        """The state this process saw last, or the state document; then probes by `_id` for
        the commits it lacks (one probe, that finds nothing, when nobody else wrote)."""
        cached = self.cache.get(stream) if self.cache is not None else None
        if cached is not None:
            version, state = cached
        else:
            doc = self.streams.find_one({"_id": stream})
            version = doc["version"] if doc else 0
            state = doc.get("state", initial) if doc else initial
        caught_up = False
        while True:
            commit = self.events.find_one({"_id": commit_id(stream, version + 1)})
            if commit is None:
                break
            for event in commit["events"]:
                state = evolve(state, self._envelope(commit, event)) if evolve else state
            version, caught_up = commit["last"], True
        if self.cache is not None and cached is None and not caught_up and version:
            self.cache.put(stream, version, state)  # still the stored document's form
        return Loaded(stream, version, state)

    def read_stream(self, stream: str, after: int = 0) -> list[Envelope]:
        """Every event of a stream after a position (used by rebuilds and tests)."""
        out: list[Envelope] = []
        position = after + 1
        while commit := self.events.find_one({"_id": commit_id(stream, position)}):
            out.extend(self._envelope(commit, e) for e in commit["events"] if e["position"] > after)
            position = commit["last"] + 1
        return out

    def append(self, stream: str, expected_version: int, events: Sequence[PendingEvent], *,
               key: str | None = None, state: Any = None, meta: Meta | None = None,
               snapshot: bool = False) -> list[Envelope]:
        """Append atomically at `expected_version` + 1; ConcurrencyError if taken. `state`
        (the aggregate after these events, in its stored form) is cached and, every
        `snapshot_every` commits or when `snapshot` is set, saved as the state document."""
        if not events:
            return []
        first = expected_version + 1
        cid = commit_id(stream, first)
        nonce = str(uuid.uuid4())
        meta_dict = (meta or Meta()).to_dict()
        body = [{"id": e.id, "type": e.type, "schema_version": e.schema_version, "position": first + i,
                 "occurred_at": e.occurred_at, "data": e.data, "meta": meta_dict}
                for i, e in enumerate(events)]
        commit = {"_id": cid, "stream": stream, "key": key or stream, "source": self.source,
                  "first": first, "last": first + len(events) - 1, "nonce": nonce, "events": body}
        started = time.monotonic()
        self.outbox.insert_one({"_id": nonce, "commit_id": cid, "stream": stream,
                                "created_at": datetime.now(UTC)})
        if time.monotonic() - started > WRITE_DEADLINE_S:
            # Too slow: the relay may already treat this intent as abandoned.
            self.outbox.delete_one({"_id": nonce})
            raise ConcurrencyError(f"append to {stream} timed out before commit")
        try:
            self.events.insert_one(commit)
        except DuplicateKeyError as exc:
            self.outbox.delete_one({"_id": nonce})
            if self.cache is not None:
                self.cache.forget(stream)
            raise ConcurrencyError(f"{cid} already exists") from exc
        EVENTS_APPENDED.labels(self.source).inc(len(events))
        last = commit["last"]
        if self.cache is not None and state is not None:
            self.cache.put(stream, last, state)
        if snapshot or last // self.snapshot_every > expected_version // self.snapshot_every:
            self._save_state(stream, last, state)
        return [self._envelope(commit, e) for e in body]

    def _save_state(self, stream: str, version: int, state: Any) -> None:
        try:
            self.streams.update_one({"_id": stream, "version": {"$lt": version}},
                                    {"$set": {"version": version, "state": state}}, upsert=True)
        except DuplicateKeyError:
            pass  # a later writer already saved a newer state

    def _envelope(self, commit: dict, event: dict) -> Envelope:
        return Envelope(id=event["id"], type=event["type"], schema_version=event["schema_version"],
                        source=commit["source"], stream=commit["stream"], position=event["position"],
                        occurred_at=event["occurred_at"], key=commit["key"], data=event["data"],
                        meta=event.get("meta") or {})

    def envelopes_of(self, commit: dict) -> list[Envelope]:
        return [self._envelope(commit, e) for e in commit["events"]]
