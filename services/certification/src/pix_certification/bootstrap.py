"""Certification's composition root: the one place where its parts are wired (docs/architecture.md §8).

Each feature is wired by its own function below; so far the copy of people's levels
(ProfileUpdated) that eligibility reads, beside the access revocations every service keeps
(pixkit.revocations). Centers, sessions, courses and certificates come next (docs/adr/0016).
"""
from __future__ import annotations

from functools import partial

from pix_contracts.topics import IDENTITY_EVENTS, PROFILE_EVENTS
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.web.container import ServiceContainer

from .handlers import queries
from .projections import profiles


def _profiles(settings: Settings, db) -> tuple[Subscription, dict]:
    """The levels, from ProfileUpdated; one loop takes UserAnonymized too, so erasure cannot race."""
    collection = db[profiles.COLLECTION]
    levels = Subscription("profiles", [settings.topic(PROFILE_EVENTS), settings.topic(IDENTITY_EVENTS)])
    levels.on("ProfileUpdated", partial(profiles.on_profile_updated, profiles=collection))
    levels.on("UserAnonymized", partial(profiles.on_user_anonymized, profiles=collection))
    return levels, {queries.ReadEligibility: partial(queries.read_eligibility, profiles=collection)}


def bootstrap(settings: Settings, db=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    levels, level_queries = _profiles(settings, db)
    return ServiceContainer(settings=settings, db=db, codec=EventCodec(), handlers={**level_queries},
                            subscriptions=[revocations.subscription(settings, db), levels],
                            read_model_collections=[revocations.COLLECTION, profiles.COLLECTION])
