"""Accounts and email reservations in identity's own database (docs/architecture.md §5).

- `emails`: `_id` = normalized email, `user_id`, `reserved_at`. Inserting it first makes
  the address unique without a secondary index (the local store indexes `_id` only).
- `accounts`: `_id` = user id; the personal data that events never carry.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError


@dataclass(frozen=True)
class Reservation:
    email: str
    user_id: str
    reserved_at: datetime


class AccountBook:
    def __init__(self, db) -> None:
        self.emails = db["emails"]
        self.accounts = db["accounts"]

    def reserve(self, email: str, user_id: str, now: datetime) -> bool:
        try:
            self.emails.insert_one({"_id": email, "user_id": user_id, "reserved_at": now})
            return True
        except DuplicateKeyError:
            return False

    def reservation(self, email: str) -> Reservation | None:
        doc = self.emails.find_one({"_id": email})
        if doc is None:
            return None
        at = doc["reserved_at"]  # pymongo gives naive UTC datetimes back
        return Reservation(email, doc["user_id"], at if at.tzinfo else at.replace(tzinfo=UTC))

    def take_over(self, old: Reservation, user_id: str, now: datetime) -> bool:
        """Compare-and-set on the holder: of two takers, one wins."""
        result = self.emails.update_one({"_id": old.email, "user_id": old.user_id},
                                        {"$set": {"user_id": user_id, "reserved_at": now}})
        return result.modified_count == 1

    def release(self, email: str, user_id: str) -> None:
        """Free the address, if `user_id` still holds it (a takeover may have happened)."""
        self.emails.delete_one({"_id": email, "user_id": user_id})

    def save(self, user_id: str, first_name: str, last_name: str, email: str, password_hash: str,
             locale: str, now: datetime) -> None:
        self.accounts.insert_one({"_id": user_id, "first_name": first_name, "last_name": last_name,
                                  "email": email, "password_hash": password_hash, "locale": locale,
                                  "created_at": now})

    def forget(self, user_id: str) -> None:
        self.accounts.delete_one({"_id": user_id})

    def get(self, user_id: str) -> dict | None:
        """The account, unless it was erased (then None, as if it never existed)."""
        doc = self.accounts.find_one({"_id": user_id})
        return None if doc is None or doc.get("anonymized_at") else doc

    def by_email(self, email: str) -> dict | None:
        holder = self.emails.find_one({"_id": email})
        return self.get(holder["user_id"]) if holder else None

    def rename(self, user_id: str, changes: dict[str, str], now: datetime) -> None:
        self.accounts.update_one({"_id": user_id}, {"$set": {**changes, "updated_at": now}})

    def set_roles(self, user_id: str, roles: list[str], by: str, now: datetime) -> None:
        self.accounts.update_one({"_id": user_id}, {"$set": {"roles": roles, "roles_changed_by": by,
                                                              "roles_changed_at": now}})

    def set_password(self, user_id: str, password_hash: str, now: datetime) -> None:
        """Also ends every session opened before now (refresh checks `sessions_valid_after`)."""
        self.accounts.update_one({"_id": user_id}, {"$set": {"password_hash": password_hash,
                                                              "password_changed_at": now,
                                                              "sessions_valid_after": now}})

    def raise_epoch(self, user_id: str) -> int:
        """The account's next access epoch: tokens signed from now on carry it, and every
        service refuses those below it once AccessRevoked reaches it."""
        doc = self.accounts.find_one_and_update({"_id": user_id}, {"$inc": {"access_epoch": 1}},
                                                return_document=ReturnDocument.AFTER)
        return doc["access_epoch"]

    def erase(self, user_id: str, email: str, now: datetime) -> None:
        """GDPR erasure: names replaced, email and password hash removed, address freed."""
        self.accounts.update_one({"_id": user_id}, {
            "$set": {"first_name": "Anonyme", "last_name": "Anonyme", "anonymized_at": now},
            "$unset": {"email": "", "password_hash": ""}})
        self.emails.delete_one({"_id": email, "user_id": user_id})
