"""The aggregates a web process wrote or read last, kept in its memory with their version
(docs/adr/0015-event-store-write-path.md).

An entry is only a starting point: the store still probes the next commit id before a
decision, so a stream another process moved since is caught up from its commits, and the
append itself is guarded by the commit's `_id`. States are kept as BSON bytes: each load
decodes a fresh copy, so a handler that mutates the state it loaded (and then fails to
append) cannot alter what the next request starts from.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import bson

DEFAULT_ENTRIES = 5_000


class StreamCache:
    def __init__(self, max_entries: int = DEFAULT_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, stream: str) -> tuple[int, Any] | None:
        with self._lock:
            entry = self._entries.get(stream)
            if entry is None:
                return None
            self._entries.move_to_end(stream)
        version, raw = entry
        return version, bson.decode(raw)["state"]

    def put(self, stream: str, version: int, state: Any) -> None:
        """Keeps the newer of what is there and `version` (threads may finish out of order)."""
        raw = bson.encode({"state": state})
        with self._lock:
            known = self._entries.get(stream)
            if known is not None and known[0] >= version:
                return
            self._entries[stream] = (version, raw)
            self._entries.move_to_end(stream)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, stream: str) -> None:
        with self._lock:
            self._entries.pop(stream, None)

    def __len__(self) -> int:
        return len(self._entries)
