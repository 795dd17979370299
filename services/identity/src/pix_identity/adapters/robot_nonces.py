"""Used robot-check nonces (`robot_nonces`, `_id` = nonce): a solved puzzle counts once.
Entries older than the puzzle's lifetime are useless; `purge` may drop them."""
from __future__ import annotations

from datetime import datetime

from pymongo.errors import DuplicateKeyError


class UsedNonces:
    def __init__(self, db) -> None:
        self.collection = db["robot_nonces"]

    def spend(self, nonce: str, now: datetime) -> bool:
        try:
            self.collection.insert_one({"_id": nonce, "used_at": now})
            return True
        except DuplicateKeyError:
            return False
