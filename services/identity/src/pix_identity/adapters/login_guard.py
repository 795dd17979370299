"""Counters behind the login guards, each one document written by `_id`.

- `login_attempts`: `_id` = sha256 of the normalized email → consecutive failures and the
  current block. Kept for unknown emails too (the same writes whatever the address, no
  enumeration); hashed so that no address typed at login stays readable in the store.
- `login_ip_windows`: `_id` = "<ip>:<minute>" → logins tried from that address in that minute.
"""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from pixkit.upserts import upsert_and_get

from ..domain.lockout import Attempts, block_after


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _key(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()


class LoginAttempts:
    def __init__(self, db) -> None:
        self.collection = db["login_attempts"]

    def of(self, email: str) -> Attempts:
        doc = self.collection.find_one({"_id": _key(email)})
        if doc is None:
            return Attempts()
        return Attempts(doc.get("failures", 0), _aware(doc.get("blocked_until")))

    def failed(self, email: str, now: datetime) -> Attempts:
        # Concurrent wrong passwords for one address race to create its document.
        doc = upsert_and_get(self.collection, {"_id": _key(email)}, {"$inc": {"failures": 1}})
        failures = doc["failures"]
        block = block_after(failures)
        if block is not None:
            self.collection.update_one({"_id": _key(email)}, {"$set": {"blocked_until": now + block}})
            return Attempts(failures, now + block)
        return Attempts(failures, _aware(doc.get("blocked_until")))

    def succeeded(self, email: str) -> None:
        self.collection.delete_one({"_id": _key(email)})


class IpWindows:
    def __init__(self, db, limit: int) -> None:
        self.collection = db["login_ip_windows"]
        self.limit = limit

    def hit(self, ip: str, now: datetime) -> int | None:
        """Counts one login from `ip`; seconds to wait when over the limit, else None."""
        epoch = now.timestamp()
        window = int(epoch // 60)
        doc = upsert_and_get(self.collection, {"_id": f"{ip}:{window}"}, {"$inc": {"count": 1}})
        if doc["count"] == 1:
            self.collection.delete_one({"_id": f"{ip}:{window - 1}"})  # the previous window is over
        if doc["count"] > self.limit:
            return max(1, 60 - int(epoch % 60))
        return None
