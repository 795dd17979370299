"""Login, refresh and logout, and what one does with one's own account (docs/domain.md §8)."""
from __future__ import annotations

from dataclasses import dataclass


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
