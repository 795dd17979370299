"""Rotating refresh tokens (docs/architecture.md §6), stored hashed, every access by `_id`.

- `refresh_tokens`: `_id` = sha256(token) hex → user, family, expiry, used flag.
- `token_families`: `_id` = family id → user, revoked flag. A login starts a family; each
  refresh marks its token used and issues the next one in the family. Presenting a used
  token again means it leaked: the whole family is revoked.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

REFRESH_TTL = timedelta(days=30)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Used:
    user_id: str
    family_id: str
    started_at: datetime  # the login that began the family


@dataclass(frozen=True)
class Reused:
    """A used token came back: its family was revoked, and its access tokens must be too."""
    user_id: str
    family_id: str


@dataclass(frozen=True)
class Session:
    user_id: str
    family_id: str


class RefreshTokens:
    def __init__(self, db) -> None:
        self.tokens = db["refresh_tokens"]
        self.families = db["token_families"]

    def start_family(self, user_id: str, now: datetime) -> tuple[str, str]:
        """(family id, first refresh token). The family id is the access tokens' sid claim."""
        family_id = str(uuid.uuid4())
        self.families.insert_one({"_id": family_id, "user_id": user_id, "revoked": False, "created_at": now})
        return family_id, self.issue(user_id, family_id, now)

    def issue(self, user_id: str, family_id: str, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        self.tokens.insert_one({"_id": digest(token), "user_id": user_id, "family_id": family_id,
                                "expires_at": now + REFRESH_TTL, "used": False})
        return token

    def use(self, token: str, now: datetime) -> Used | Reused | None:
        """Marks the token used; None when it is unknown, expired or revoked; Reused when it
        was used before (then its family is revoked)."""
        doc = self.tokens.find_one({"_id": digest(token)})
        if doc is None:
            return None
        family = self.families.find_one({"_id": doc["family_id"]})
        expires_at = doc["expires_at"] if doc["expires_at"].tzinfo else doc["expires_at"].replace(tzinfo=UTC)
        if family is None or family["revoked"] or expires_at <= now:
            return None
        marked = self.tokens.update_one({"_id": doc["_id"], "used": False}, {"$set": {"used": True, "used_at": now}})
        if marked.modified_count != 1:
            self.revoke_family(doc["family_id"])  # reuse: someone else holds a copy
            return Reused(doc["user_id"], doc["family_id"])
        started = family["created_at"]
        return Used(doc["user_id"], doc["family_id"], started if started.tzinfo else started.replace(tzinfo=UTC))

    def live_session(self, token: str) -> Session | None:
        """The session (family) of a refresh token, unless unknown or revoked already."""
        doc = self.tokens.find_one({"_id": digest(token)})
        family = self.families.find_one({"_id": doc["family_id"]}) if doc is not None else None
        if family is None or family["revoked"]:
            return None
        return Session(doc["user_id"], doc["family_id"])

    def revoke_family(self, family_id: str) -> None:
        self.families.update_one({"_id": family_id}, {"$set": {"revoked": True}})
