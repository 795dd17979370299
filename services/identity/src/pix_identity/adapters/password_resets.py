"""Password-reset requests (`password_resets`, `_id` = reset id)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class ResetRequest:
    reset_id: str
    user_id: str
    expires_at: datetime
    used: bool


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # pymongo gives naive UTC back


class ResetRequests:
    def __init__(self, db) -> None:
        self.collection = db["password_resets"]

    def create(self, reset_id: str, user_id: str, now: datetime, expires_at: datetime) -> None:
        self.collection.insert_one({"_id": reset_id, "user_id": user_id, "requested_at": now,
                                    "expires_at": expires_at, "used_at": None})

    def get(self, reset_id: str) -> ResetRequest | None:
        doc = self.collection.find_one({"_id": reset_id})
        if doc is None:
            return None
        return ResetRequest(reset_id, doc["user_id"], _aware(doc["expires_at"]), doc.get("used_at") is not None)

    def spend(self, reset_id: str, now: datetime) -> bool:
        """Compare-and-set: of two uses of one link, one wins."""
        return self.collection.update_one({"_id": reset_id, "used_at": None},
                                          {"$set": {"used_at": now}}).modified_count == 1
