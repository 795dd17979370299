"""Profile's composition root: the one place where its parts are wired (docs/architecture.md §8)."""
from __future__ import annotations

from functools import partial

from pix_contracts.topics import ASSESSMENT_EVENTS, IDENTITY_EVENTS
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.stream_cache import StreamCache
from pixkit.web.container import ServiceContainer

from .adapters.profiles import ProfileDocuments
from .domain.events import ProfileUpdated
from .handlers import queries
from .projections import profiles
from .reactors import profile_updates


def subscriptions(settings: Settings, db) -> list[Subscription]:
    read_model = db[profiles.COLLECTION]
    # One document per person, `_id` = the user id every record of these topics is keyed
    # by: a replay may apply two people's records side by side (pixkit.replay).
    projection = Subscription("profiles", [settings.topic(IDENTITY_EVENTS), settings.topic(ASSESSMENT_EVENTS)],
                              keyed_documents=True)
    projection.on("UserRegistered", partial(profiles.on_user_registered, profiles=read_model))
    projection.on("UserAnonymized", partial(profiles.on_user_anonymized, profiles=read_model))
    # v2 carries progress; the v1 events in the log reach these handlers through pix_contracts.upcasters.
    projection.on("CompetenceEvaluated", partial(profiles.on_competence_evaluated, profiles=read_model), version=2)
    return [projection, revocations.subscription(settings, db)]


def make_codec() -> EventCodec:
    codec = EventCodec()
    codec.register(ProfileUpdated, "ProfileUpdated", 1)
    return codec


def reactors(settings: Settings, store: EventStore, codec: EventCodec) -> list[Subscription]:
    react = partial(profile_updates.react, store=store, codec=codec)
    publishing = Subscription("profile-publisher", [settings.topic(IDENTITY_EVENTS),
                                                    settings.topic(ASSESSMENT_EVENTS)])
    publishing.on("UserRegistered", react).on("CompetenceEvaluated", react, version=2)
    return [publishing]


def bootstrap(settings: Settings, db=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    codec = make_codec()
    # The reactor's worker keeps the profiles it wrote (a person's events come through one
    # partition, so one consumer); the state document is still rewritten at each commit,
    # since it holds the positions the reactor already applied.
    store = EventStore(db, settings.service, cache=StreamCache())
    handlers = {queries.ReadProfile: partial(queries.read_profile, profiles=ProfileDocuments(db))}
    return ServiceContainer(settings=settings, db=db, codec=codec, store=store, handlers=handlers,
                            subscriptions=subscriptions(settings, db), reactors=reactors(settings, store, codec),
                            read_model_collections=[profiles.COLLECTION, revocations.COLLECTION])
