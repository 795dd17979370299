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
