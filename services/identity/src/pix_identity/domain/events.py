"""Events identity publishes. Wire names and versions are bound in bootstrap (the codec).

Event payloads carry ids only: personal data stays in identity's `accounts` collection,
where it can be erased (docs/architecture.md §5).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UserRegistered:
    user_id: str
    locale: str  # "fr" or "en": the language the person signed up in
    registered_at: str  # ISO 8601, UTC, ending in Z


@dataclass(frozen=True)
class UserAnonymized:
    user_id: str
    anonymized_at: str  # ISO 8601, UTC, ending in Z


@dataclass(frozen=True)
class AccessRevoked:
    """Access tokens every service must refuse before they expire: one session's
    (`session_id`, the tokens' sid claim, remembered until `session_expires_at`), or all
    those whose epoch claim is below `epoch`. The other fields of the pair are None."""
    user_id: str
    reason: str  # logout | refresh_reuse | roles_changed | password_reset
    revoked_at: str
    epoch: int | None = None
    session_id: str | None = None
    session_expires_at: str | None = None


@dataclass(frozen=True)
class PasswordResetRequested:
    """The mail to send. No address, no usable secret: see domain/password_reset.py."""
    user_id: str
    reset_id: str
    locale: str
    requested_at: str
    expires_at: str
