"""Identity's composition root: the one place where its parts are wired (DESIGN.md §8)."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import partial

from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.web.container import ServiceContainer

from . import config
from .adapters import passwords
from .adapters.accounts import AccountBook
from .domain.events import UserRegistered
from .domain.registration import RegisterUser
from .handlers import register_user


def make_codec() -> EventCodec:
    codec = EventCodec()
    codec.register(UserRegistered, "UserRegistered", 1)
    return codec


def bootstrap(settings: Settings, db=None, *, clock=None, new_id=None, hash_password=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    codec = make_codec()
    store = EventStore(db, settings.service)
    handlers = {
        RegisterUser: partial(register_user, accounts=AccountBook(db), store=store, codec=codec,
                              hash_password=hash_password or passwords.hash_password,
                              clock=clock or (lambda: datetime.now(UTC)),
                              new_id=new_id or (lambda: str(uuid.uuid4())),
                              reservation_ttl=config.RESERVATION_TTL),
    }
    return ServiceContainer(settings=settings, db=db, codec=codec, store=store, handlers=handlers)
