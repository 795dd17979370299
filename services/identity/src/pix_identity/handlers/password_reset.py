"""Asking for a password reset, and using the link (docs/domain.md §8)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pixkit.events import EventCodec, Meta
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import EventStore

from ..adapters.accounts import AccountBook
from ..adapters.login_guard import LoginAttempts
from ..adapters.password_resets import ResetRequests
from ..domain.errors import ResetLinkInvalid
from ..domain.events import PasswordResetRequested
from ..domain.password_reset import (
    KEY_NAME,
    RESET_TTL,
    RequestPasswordReset,
    ResetPassword,
    reset_id_of,
)
from ..domain.registration import normalize_email, user_stream
from .revocations import Revoker
from .signup import iso_utc


def request_password_reset(command: RequestPasswordReset, meta: Meta, *, accounts: AccountBook,
                           resets: ResetRequests, store: EventStore, codec: EventCodec,
                           clock: Callable[[], datetime], new_id: Callable[[], str]) -> None:
    """Answers the same whether the address has an account or not (no enumeration)."""
    account = accounts.by_email(normalize_email(command.email))
    if account is None:
        return
    now, reset_id, user_id = clock(), new_id(), account["_id"]
    resets.create(reset_id, user_id, now, now + RESET_TTL)
    event = PasswordResetRequested(user_id=user_id, reset_id=reset_id, locale=command.locale,
                                   requested_at=iso_utc(now), expires_at=iso_utc(now + RESET_TTL))
    stream = user_stream(user_id)
    store.append(stream, store.load(stream).version, [codec.encode(event)], key=user_id, meta=meta)


def reset_password(command: ResetPassword, meta: Meta, *, accounts: AccountBook, resets: ResetRequests,
                   attempts: LoginAttempts, secrets: ServiceSecrets, hash_password: Callable[[str], str],
                   revoker: Revoker, clock: Callable[[], datetime]) -> None:
    """Spends the link, then sets the password: a crash in between costs a new link, never
    a second use. Every session opened before is ended (refresh tokens here, access tokens
    in every service), and a login block is lifted."""
    now = clock()
    request = resets.get(reset_id_of(secrets.get(KEY_NAME), command.token))
    account = accounts.get(request.user_id) if request else None
    if request is None or request.used or request.expires_at <= now or account is None:
        raise ResetLinkInvalid()
    password_hash = hash_password(command.password)
    if not resets.spend(request.reset_id, now):
        raise ResetLinkInvalid()
    accounts.set_password(request.user_id, password_hash, now)
    revoker.sessions_from(request.user_id, accounts.raise_epoch(request.user_id), "password_reset", meta)
    attempts.succeeded(normalize_email(account["email"]))
