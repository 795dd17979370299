"""Login, refresh and logout (docs/domain.md §8, docs/architecture.md §6).

A login spends one argon2 verification whatever happens: against the account's hash, or
against a dummy hash when the email is unknown or the account is blocked. So a blocked
account answers exactly like a wrong password, and as slowly.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pixkit.events import Meta

from ..adapters.accounts import AccountBook
from ..adapters.login_guard import IpWindows, LoginAttempts
from ..adapters.refresh_tokens import RefreshTokens, Reused
from ..adapters.signing import KeyRing
from ..domain.errors import InvalidCredentials, InvalidSession, TooManyLogins
from ..domain.registration import normalize_email
from ..domain.sessions import Login, Logout, Refresh, TokenPair
from .revocations import Revoker


def _pair(account: dict, family_id: str, refresh_token: str, keys: KeyRing) -> TokenPair:
    access, expires_in = keys.sign_access(account["_id"], account.get("roles", []), family_id,
                                          account.get("access_epoch", 0))
    return TokenPair(access, expires_in, refresh_token)


def login(command: Login, meta: Meta, *, accounts: AccountBook, attempts: LoginAttempts, ip_windows: IpWindows,
          tokens: RefreshTokens, keys: KeyRing, verify_password: Callable[[str, str], bool], dummy_hash: str,
          clock: Callable[[], datetime]) -> TokenPair:
    now = clock()
    wait = ip_windows.hit(command.client_ip, now)
    if wait is not None:
        raise TooManyLogins(wait)
    email = normalize_email(command.email)
    blocked = attempts.of(email).blocked(now)
    account = accounts.by_email(email)
    usable = account is not None and not blocked and account.get("password_hash")
    matches = verify_password(command.password, account["password_hash"] if usable else dummy_hash)
    if blocked:
        raise InvalidCredentials()  # not counted: a block only ends with time
    if not (usable and matches):
        attempts.failed(email, now)
        raise InvalidCredentials()
    attempts.succeeded(email)
    return _pair(account, *tokens.start_family(account["_id"], now), keys)


def refresh(command: Refresh, meta: Meta, *, accounts: AccountBook, tokens: RefreshTokens, keys: KeyRing,
            revoker: Revoker, clock: Callable[[], datetime]) -> TokenPair:
    now = clock()
    used = tokens.use(command.refresh_token, now)
    if isinstance(used, Reused):  # a copy of the session is in other hands: its access tokens die too
        revoker.session(used.user_id, used.family_id, "refresh_reuse", meta)
        raise InvalidSession()
    account = accounts.get(used.user_id) if used else None
    if used is None or account is None:  # an erased account's sessions are all dead
        raise InvalidSession()
    valid_after = account.get("sessions_valid_after")
    if valid_after is not None and used.started_at < (valid_after if valid_after.tzinfo
                                                      else valid_after.replace(tzinfo=used.started_at.tzinfo)):
        tokens.revoke_family(used.family_id)  # opened before a password reset
        raise InvalidSession()
    return _pair(account, used.family_id, tokens.issue(used.user_id, used.family_id, now), keys)


def logout(command: Logout, meta: Meta, *, tokens: RefreshTokens, revoker: Revoker) -> None:
    """Revokes the token's whole family, and its access tokens everywhere. Idempotent: an
    unknown or revoked token is no error (RFC 7009) and no new event. The event comes first:
    a crash between leaves the family live, so logging out again completes it."""
    session = tokens.live_session(command.refresh_token)
    if session is None:
        return
    revoker.session(session.user_id, session.family_id, "logout", meta)
    tokens.revoke_family(session.family_id)
