"""Intents to publish a person's current data on `pix.identity.people` (docs/architecture.md §5).

`people_outbox`: `_id` = user id → the latest value (or a tombstone: value None) and a
version bumped at each write. pixkit.people_relay publishes them and deletes an intent only
if its version did not change meanwhile: the latest value always gets published.
"""
from __future__ import annotations

from datetime import datetime

from pixkit.upserts import upsert_one


def person_value(user_id: str, first_name: str, last_name: str, email: str, updated_at: str) -> dict:
    return {"user_id": user_id, "first_name": first_name, "last_name": last_name, "email": email,
            "updated_at": updated_at}


class PeopleOutbox:
    def __init__(self, db) -> None:
        self.collection = db["people_outbox"]

    def publish(self, user_id: str, value: dict | None, now: datetime) -> None:
        upsert_one(self.collection, {"_id": user_id}, {"$set": {"value": value, "created_at": now},
                                                       "$inc": {"version": 1}})
