"""Which vault entries belong to whom, so that an erasure finds them all by `_id`.

A vault entry is written before the event that names it (share, participation). When that
append fails, or the process dies in between, no event ever lists the entry, yet it holds a
person's names: beside the entries, each vault keeps `{_id: "person:<user id>", ids: {<entry
id>: true}}`, written first, and an erasure deletes what it lists. The web writes it (one
field per entry); FerretDB could lose one of two entries a person writes at the same instant,
which only matters if that very append failed too.
"""
from __future__ import annotations

from pixkit.upserts import upsert_one


def person_id(user_id: str) -> str:
    return f"person:{user_id}"


def remember(collection, user_id: str, entry_id: str) -> None:
    upsert_one(collection, {"_id": person_id(user_id)}, {"$set": {f"ids.{entry_id}": True}})


def forget_person(collection, user_id: str) -> None:
    """Every entry of the person, then their list."""
    listed = sorted((collection.find_one({"_id": person_id(user_id)}) or {}).get("ids") or {})
    for entry_id in listed:  # one by one: an `_id` $in scans on the local store
        collection.delete_one({"_id": entry_id})
    collection.delete_one({"_id": person_id(user_id)})
