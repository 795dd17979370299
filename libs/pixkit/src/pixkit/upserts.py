"""Upserts that tolerate their race, for documents several processes may create at once.

The local store (FerretDB) runs an upsert as "find, then insert or update", not atomically:
two first writers of one `_id` both try the insert and the second fails with a duplicate
key (MongoDB can answer the same on a unique index). The document exists then, so the
same update again without upsert does what is still to do (nothing when its guard is false).
"""
from __future__ import annotations

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError


def upsert_one(collection, query: dict, update: dict) -> None:
    try:
        collection.update_one(query, update, upsert=True)
    except DuplicateKeyError:
        collection.update_one(query, update)


def upsert_and_get(collection, query: dict, update: dict) -> dict | None:
    """The document after the update (None if `query` has a guard that is false)."""
    try:
        return collection.find_one_and_update(query, update, upsert=True, return_document=ReturnDocument.AFTER)
    except DuplicateKeyError:
        return collection.find_one_and_update(query, update, return_document=ReturnDocument.AFTER)


def canonical(value):
    """`value` with every mapping's keys sorted, `_id` first."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (k != "_id", k))
        return {k: canonical(value[k]) for k in keys}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def _key_order(value):
    if isinstance(value, dict):
        return [(k, _key_order(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_key_order(v) for v in value]
    return None


def keep_canonical(collection, doc_id) -> None:
    """Rewrite a document whose fields came in an order that depends on delivery (events of
    several partitions or topics merged into it) with its keys sorted, so that a replay,
    which reads partitions in another order, writes the very same bytes. For documents with
    one writer loop: the read and the rewrite cannot race."""
    doc = collection.find_one({"_id": doc_id})
    if doc is None:
        return
    ordered = canonical(doc)
    if _key_order(ordered) != _key_order(doc):
        collection.replace_one({"_id": doc_id}, ordered)

