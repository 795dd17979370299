"""Certification's composition root: the one place where its parts are wired (docs/architecture.md §8).

Nothing to wire yet beyond the database and the access revocations every service keeps
(pixkit.revocations), ready for the routes to come: no commands, no events of its own.
"""
from __future__ import annotations

from pixkit import revocations
from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.web.container import ServiceContainer


def bootstrap(settings: Settings, db=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    return ServiceContainer(settings=settings, db=db, codec=EventCodec(),
                            subscriptions=[revocations.subscription(settings, db)],
                            read_model_collections=[revocations.COLLECTION])
