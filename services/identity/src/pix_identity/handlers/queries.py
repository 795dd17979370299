"""Identity's queries: one's own account, the public signing keys."""
from __future__ import annotations

from dataclasses import dataclass

from ..adapters.accounts import AccountBook
from ..adapters.signing import KeyRing
from ..domain.errors import InvalidSession


@dataclass(frozen=True)
class ReadMe:
    user_id: str


@dataclass(frozen=True)
class ReadJwks:
    pass


def read_me(query: ReadMe, meta, *, accounts: AccountBook) -> dict:
    account = accounts.get(query.user_id)
    if account is None:  # erased: the access token outlived its person
        raise InvalidSession()
    return account


def read_jwks(query: ReadJwks, meta, *, keys: KeyRing) -> dict:
    return keys.jwks()
