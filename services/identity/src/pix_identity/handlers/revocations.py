"""Telling every service which access tokens to refuse before they expire
(docs/adr/0009-access-revocation.md): identity appends AccessRevoked to the person's
stream, and applies it to its own copy at once, so that identity itself refuses without
waiting for its worker (which applies it again, a no-op)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from pixkit import revocations
from pixkit.events import EventCodec, Meta
from pixkit.store import ConcurrencyError, EventStore

from ..adapters.signing import ACCESS_TTL
from ..domain.events import AccessRevoked
from ..domain.registration import user_stream
from .signup import iso_utc

# A revoked session is remembered until its last access token expired, plus room for the
# clocks of identity's processes to disagree a little.
REMEMBER_SESSION = ACCESS_TTL + timedelta(minutes=1)
APPEND_ATTEMPTS = 3  # another append to the same person's stream won the position


@dataclass(frozen=True)
class Revoker:
    store: EventStore
    codec: EventCodec
    copy: Any  # identity's own access_revocations collection
    clock: Callable[[], datetime]

    def sessions_from(self, user_id: str, epoch: int, reason: str, meta: Meta) -> None:
        """Every token signed with an epoch below `epoch` (all sessions, all devices)."""
        self._publish(AccessRevoked(user_id=user_id, reason=reason, revoked_at=iso_utc(self.clock()), epoch=epoch),
                      meta)

    def session(self, user_id: str, session_id: str, reason: str, meta: Meta) -> None:
        """The tokens of one refresh family (the sid claim); the person's other sessions stand."""
        now = self.clock()
        self._publish(AccessRevoked(user_id=user_id, reason=reason, revoked_at=iso_utc(now), session_id=session_id,
                                    session_expires_at=iso_utc(now + REMEMBER_SESSION)), meta)

    def erased(self, user_id: str) -> None:
        """Identity's own copy learns the erasure at once; UserAnonymized tells the others."""
        revocations.record_erasure(user_id, revocations=self.copy)

    def _publish(self, event: AccessRevoked, meta: Meta) -> None:
        pending, stream = self.codec.encode(event), user_stream(event.user_id)
        meta = replace(meta, actor=meta.actor or event.user_id)
        for attempt in range(1, APPEND_ATTEMPTS + 1):
            try:
                self.store.append(stream, self.store.load(stream).version, [pending], key=event.user_id, meta=meta)
                break
            except ConcurrencyError:
                if attempt == APPEND_ATTEMPTS:
                    raise
        revocations.record(pending.data, revocations=self.copy)
