"""The `profiles` read model, as the queries read it (projections/profiles.py writes it)."""
from __future__ import annotations

from typing import Any

from ..projections.profiles import COLLECTION


class ProfileDocuments:
    def __init__(self, db) -> None:
        # The collection is looked up on each read, not kept: a rebuild drops and remakes it.
        self._db = db

    def get(self, user_id: str) -> dict[str, Any] | None:
        return self._db[COLLECTION].find_one({"_id": user_id})
