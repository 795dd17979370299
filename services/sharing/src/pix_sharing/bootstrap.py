"""Sharing's composition root: the one place where its parts are wired (docs/architecture.md §8).

For now sharing keeps its copies of people and profiles (projections/copies.py); the
organizations, campaigns and shared snapshots built on them come next.
"""
from __future__ import annotations

from functools import partial

from pix_contracts.topics import IDENTITY_EVENTS, PEOPLE, PROFILE_EVENTS
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.people import PeopleSubscription
from pixkit.settings import Settings
from pixkit.web.container import ServiceContainer

from .projections import copies


def subscriptions(settings: Settings, db) -> list:
    people, profiles = db[copies.PEOPLE], db[copies.PROFILES]
    events = Subscription("copies", [settings.topic(PROFILE_EVENTS), settings.topic(IDENTITY_EVENTS)])
    events.on("ProfileUpdated", partial(copies.on_profile_updated, profiles=profiles))
    events.on("UserAnonymized", partial(copies.on_user_anonymized, people=people))
    return [PeopleSubscription("people", settings.topic(PEOPLE), partial(copies.on_person, people=people)),
            events, revocations.subscription(settings, db)]


def bootstrap(settings: Settings, db=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    return ServiceContainer(settings=settings, db=db, codec=EventCodec(), subscriptions=subscriptions(settings, db),
                            read_model_collections=[copies.PEOPLE, copies.PROFILES, revocations.COLLECTION])
