"""Profile's composition root: the one place where its parts are wired (DESIGN.md §8)."""
from __future__ import annotations

from functools import partial

from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.web.container import ServiceContainer

from . import config
from .projections import profiles


def subscriptions(settings: Settings, db) -> list[Subscription]:
    read_model = db[profiles.COLLECTION]
    projection = Subscription("profiles", [settings.topic(config.IDENTITY_EVENTS),
                                           settings.topic(config.ASSESSMENT_EVENTS)])
    projection.on("UserRegistered", partial(profiles.on_user_registered, profiles=read_model))
    projection.on("UserAnonymized", partial(profiles.on_user_anonymized, profiles=read_model))
    projection.on("CompetenceEvaluated", partial(profiles.on_competence_evaluated, profiles=read_model))
    return [projection]


def bootstrap(settings: Settings, db=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    return ServiceContainer(settings=settings, db=db, codec=EventCodec(),
                            subscriptions=subscriptions(settings, db),
                            read_model_collections=[profiles.COLLECTION])
