"""Identity's composition root: the one place where its parts are wired (DESIGN.md §8)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from pixkit.auth import TokenVerifier
from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.web.container import ServiceContainer

from . import config, handlers, queries
from .adapters import passwords
from .adapters.accounts import AccountBook
from .adapters.login_guard import IpWindows, LoginAttempts
from .adapters.people import PeopleOutbox
from .adapters.refresh_tokens import RefreshTokens
from .adapters.signing import KeyRing
from .domain import sessions
from .domain.events import UserAnonymized, UserRegistered
from .domain.registration import RegisterUser


@dataclass
class IdentityContainer(ServiceContainer):
    verifier: TokenVerifier | None = None  # identity checks its own access tokens too


def make_codec() -> EventCodec:
    codec = EventCodec()
    codec.register(UserRegistered, "UserRegistered", 1)
    codec.register(UserAnonymized, "UserAnonymized", 1)
    return codec


def bootstrap(settings: Settings, db=None, *, clock=None, new_id=None, hash_password=None,
              verify_password=None, env=None) -> IdentityContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    clock = clock or (lambda: datetime.now(UTC))
    codec = make_codec()
    store = EventStore(db, settings.service)
    accounts, people, tokens = AccountBook(db), PeopleOutbox(db), RefreshTokens(db)
    keys = KeyRing(db, clock, env)
    handlers_by_command = {
        RegisterUser: partial(handlers.register_user, accounts=accounts, store=store, people=people, codec=codec,
                              hash_password=hash_password or passwords.hash_password, clock=clock,
                              new_id=new_id or (lambda: str(uuid.uuid4())), reservation_ttl=config.RESERVATION_TTL),
        sessions.Login: partial(handlers.login, accounts=accounts, attempts=LoginAttempts(db),
                                ip_windows=IpWindows(db, config.login_ip_limit(env)), tokens=tokens, keys=keys,
                                verify_password=verify_password or passwords.verify_password,
                                dummy_hash=passwords.DUMMY_HASH, clock=clock),
        sessions.Refresh: partial(handlers.refresh, accounts=accounts, tokens=tokens, keys=keys, clock=clock),
        sessions.Logout: partial(handlers.logout, tokens=tokens),
        sessions.Rename: partial(handlers.rename, accounts=accounts, people=people, clock=clock),
        sessions.DeleteAccount: partial(handlers.delete_account, accounts=accounts, people=people, store=store,
                                        codec=codec, clock=clock),
        queries.ReadMe: partial(queries.read_me, accounts=accounts),
        queries.ReadJwks: partial(queries.read_jwks, keys=keys),
    }
    verifier = TokenVerifier(clock=clock, fetch=lambda: keys.jwks(reload=True))
    return IdentityContainer(settings=settings, db=db, codec=codec, store=store, handlers=handlers_by_command,
                             verifier=verifier)
