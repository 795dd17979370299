"""Idempotent, order-tolerant projection writes (docs/architecture.md §3).

Each read-model document records, per source stream, the last position it applied
(`applied.<stream>`). An update is one conditional upsert guarded by that position: a
duplicate or an older event matches nothing, and the upsert's insert then collides on
`_id`, which means "already applied". Streams ids never contain '.' or '$'.
"""
from __future__ import annotations

from typing import Any

from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from .events import Envelope


def apply_once(collection: Collection, doc_id: Any, envelope: Envelope, update: dict[str, dict]) -> bool:
    """Apply `update` to document `doc_id` unless this event (or a later one of its stream)
    was applied already. Returns True when it wrote."""
    marker = f"applied.{envelope.stream}"
    guarded = {"_id": doc_id, "$or": [{marker: {"$exists": False}}, {marker: {"$lt": envelope.position}}]}
    full = {op: dict(fields) for op, fields in update.items()}
    full.setdefault("$set", {})[marker] = envelope.position
    try:
        result = collection.update_one(guarded, full, upsert=True)
    except DuplicateKeyError:
        return False
    return result.modified_count == 1 or result.upserted_id is not None
