"""Login, refresh and logout, and what one does with one's own account (DOMAIN.md §8)."""
from __future__ import annotations

from dataclasses import dataclass

from pixkit.errors import DomainError


class InvalidCredentials(DomainError):
    """Wrong email, wrong password or locked account: one answer for all (no enumeration)."""

    code = "INVALID_CREDENTIALS"
    http_status = 401


class InvalidSession(DomainError):
    """A refresh or access token that is unknown, expired, used twice or revoked."""

    code = "INVALID_TOKEN"
    http_status = 401


class TooManyLogins(DomainError):
    code = "TOO_MANY_REQUESTS"
    http_status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(details={"retryAfter": retry_after})
        self.retry_after = retry_after


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    client_ip: str


@dataclass(frozen=True)
class Refresh:
    refresh_token: str


@dataclass(frozen=True)
class Logout:
    refresh_token: str


@dataclass(frozen=True)
class Rename:
    user_id: str
    first_name: str | None = None
    last_name: str | None = None


@dataclass(frozen=True)
class DeleteAccount:
    user_id: str


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_in: int
    refresh_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
