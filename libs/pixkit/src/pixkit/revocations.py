"""Access tokens refused before they expire (docs/adr/0009-access-revocation.md).

An access token lives 15 minutes and every service checks its signature alone. What
identity learns meanwhile reaches every service as events on pix.identity.events, keyed by
user id: `UserAnonymized` (refuse all of the person's tokens, forever) and `AccessRevoked`
(refuse one session's tokens, or all those signed below an epoch). Each service's worker
projects them into its own `access_revocations` collection, one document per person:

    {_id: user_id, erased: true}                       after an erasure, nothing else kept
    {_id: user_id, min_epoch: 3, sessions: {sid: until}}

Every change only grows the document (a flag set, a maximum, a set union), so a duplicate
or any order gives the same verdict; a revoked session is forgotten once its last token
expired, measured on the events' own times so that a rebuild gives the same document. The
web side (`pixkit.web.access.caller`) reads it with one `_id` lookup per request.
"""
from __future__ import annotations

import time
from functools import partial
from typing import Any

from pix_contracts import topics

from .auth import Claims, InvalidToken
from .consumer import Subscription
from .events import Envelope
from .memo import Memo
from .settings import Settings
from .upserts import upsert_one as _upsert  # identity's web process and its worker both write

COLLECTION = "access_revocations"
IDENTITY_EVENTS = topics.IDENTITY_EVENTS
SUBSCRIPTION = "access-revocations"


class RevokedToken(InvalidToken):
    """Well signed and unexpired, but identity revoked it since: a 401 like any bad token,
    so that clients do what they already do (refresh, else sign in again)."""


def record_erasure(user_id: str, *, revocations) -> None:
    """Erased wins over everything: what else was known is dropped, the document stays tiny."""
    _upsert(revocations, {"_id": user_id}, {"$set": {"erased": True}, "$unset": {"min_epoch": "", "sessions": ""}})


def on_user_anonymized(envelope: Envelope, *, revocations) -> None:
    record_erasure(envelope.data["user_id"], revocations=revocations)


def record(data: dict[str, Any], *, revocations) -> None:
    """Apply one AccessRevoked payload (already validated). Identity calls it right after its
    own append, so that it refuses at once; the subscription applies it again, a no-op."""
    user_id, living = data["user_id"], {"erased": {"$ne": True}}
    if data.get("epoch") is not None:
        below = {"$or": [{"min_epoch": {"$exists": False}}, {"min_epoch": {"$lt": data["epoch"]}}]}
        _upsert(revocations, {"_id": user_id, **living, **below}, {"$set": {"min_epoch": data["epoch"]}})
    if data.get("session_id") is not None:
        current = revocations.find_one({"_id": user_id}) or {}
        if current.get("erased"):
            return
        # Timestamps share one fixed format, so comparing the strings compares the instants.
        over = {f"sessions.{sid}": "" for sid, until in (current.get("sessions") or {}).items()
                if until <= data["revoked_at"] and sid != data["session_id"]}
        update = {"$set": {f"sessions.{data['session_id']}": data["session_expires_at"]}}
        _upsert(revocations, {"_id": user_id, **living}, {**update, **({"$unset": over} if over else {})})


def on_access_revoked(envelope: Envelope, *, revocations) -> None:
    record(envelope.data, revocations=revocations)


def subscription(settings: Settings, db) -> Subscription:
    """The one every service's worker runs (its own consumer group, `<service>.access-revocations`);
    its collection belongs in the service's `read_model_collections` so that a replay rebuilds it."""
    revocations = db[COLLECTION]
    sub = Subscription(SUBSCRIPTION, [settings.topic(IDENTITY_EVENTS)], keyed_documents=True)  # _id = the key
    sub.on("UserAnonymized", partial(on_user_anonymized, revocations=revocations))
    sub.on("AccessRevoked", partial(on_access_revoked, revocations=revocations))
    return sub


class RevocationCheck:
    """The verdict on verified claims, from the service's own copy. With `ttl_s` > 0 a
    process reuses the document it read for a person during that long (docs/adr/0009: it
    adds at most `ttl_s` to the delay of a revocation, which reaches the service through its
    worker anyway); identity, which must refuse at once, keeps 0."""

    def __init__(self, revocations: Any, ttl_s: float = 0.0, clock=None, max_people: int = 50_000) -> None:
        self.revocations, self.ttl_s = revocations, ttl_s
        self.clock = clock or time.monotonic
        self._read: Memo[str, tuple[float, dict | None]] = Memo(max_people)

    def _document(self, user_id: str) -> dict | None:
        if self.ttl_s <= 0:
            return self.revocations.find_one({"_id": user_id})
        now = self.clock()
        known = self._read.get(user_id)
        if known is not None and now - known[0] < self.ttl_s:
            return known[1]
        doc = self.revocations.find_one({"_id": user_id})
        self._read.put(user_id, (now, doc))
        return doc

    def refusal(self, claims: Claims) -> str | None:
        """Why the token is refused, or None when it stands."""
        doc = self._document(claims.user_id)
        if doc is None:
            return None
        if doc.get("erased"):
            return "the person was erased"
        if claims.epoch < doc.get("min_epoch", 0):
            return "signed before a revocation of all sessions"
        if claims.session_id is not None and claims.session_id in (doc.get("sessions") or {}):
            return "its session was revoked"
        return None

    def check(self, claims: Claims) -> Claims:
        reason = self.refusal(claims)
        if reason is not None:
            raise RevokedToken(reason)
        return claims
