"""Certification's composition root: the one place where its parts are wired (DESIGN.md §8).

Nothing to wire yet beyond the database: no commands, no events, no subscriptions.
"""
from __future__ import annotations

from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.web.container import ServiceContainer


def bootstrap(settings: Settings, db=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    return ServiceContainer(settings=settings, db=db, codec=EventCodec())
