"""Sharing's composition root: the one place where its parts are wired (docs/architecture.md §8).

Three features, each wired by its own function below: organizations and their members,
shared profiles (the organizations' tables, snapshots, exports, figures), campaigns and
participations. Each read model collection is written by one consumer loop only, since the
local store loses concurrent updates of one document (pixkit.memberships explains why).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from pix_contracts.topics import IDENTITY_EVENTS, PEOPLE, PROFILE_EVENTS
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.people import PeopleSubscription
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.web.container import ServiceContainer

from .domain import events
from .projections import copies

# Explicit wire names and versions of the events sharing publishes (contracts/events/).
WIRE_NAMES = {
    events.OrganizationCreated: ("OrganizationCreated", 1),
    events.MemberInvited: ("MemberInvited", 1),
    events.MemberJoined: ("MemberJoined", 1),
    events.MemberRoleChanged: ("MemberRoleChanged", 1),
    events.MemberRemoved: ("MemberRemoved", 1),
    events.ProfileShared: ("ProfileShared", 1),
    events.CampaignCreated: ("CampaignCreated", 1),
    events.CampaignParticipationStarted: ("CampaignParticipationStarted", 1),
    events.CampaignParticipationShared: ("CampaignParticipationShared", 1),
}


def make_codec() -> EventCodec:
    codec = EventCodec()
    for cls, (wire_name, version) in WIRE_NAMES.items():
        codec.register(cls, wire_name, version)
    return codec


@dataclass(frozen=True)
class Deps:
    """What every feature's wiring may use."""
    settings: Settings
    db: Any
    store: EventStore
    codec: EventCodec
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    env: Any


@dataclass
class Wiring:
    handlers: dict = field(default_factory=dict)
    subscriptions: list = field(default_factory=list)
    reactors: list = field(default_factory=list)
    collections: list = field(default_factory=list)


def _copies(deps: Deps) -> Wiring:
    """People and profiles as other services publish them: what snapshots are made from."""
    settings, db = deps.settings, deps.db
    people, profiles = db[copies.PEOPLE], db[copies.PROFILES]
    events_in = Subscription("copies", [settings.topic(PROFILE_EVENTS), settings.topic(IDENTITY_EVENTS)])
    events_in.on("ProfileUpdated", partial(copies.on_profile_updated, profiles=profiles))
    events_in.on("UserAnonymized", partial(copies.on_user_anonymized, people=people, profiles=profiles))
    return Wiring(subscriptions=[PeopleSubscription("people", settings.topic(PEOPLE),
                                                    partial(copies.on_person, people=people)), events_in],
                  collections=[copies.PEOPLE, copies.PROFILES])


def _organizations(deps: Deps) -> Wiring:
    """Organizations, their codes, members and invitations."""
    return Wiring()


def _shares(deps: Deps) -> Wiring:
    """Shared profiles: the share flow, each organization's table, snapshots, exports, figures."""
    return Wiring()


def _organization_space(deps: Deps) -> Wiring:
    """What members read: the shared-profiles table, snapshots, figures and exports."""
    return Wiring()


def _campaigns(deps: Deps) -> Wiring:
    """Campaigns, participations and their results."""
    return Wiring()


FEATURES = (_copies, _organizations, _shares, _organization_space, _campaigns)


def bootstrap(settings: Settings, db=None, *, clock=None, new_id=None, env=None) -> ServiceContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    codec = make_codec()
    deps = Deps(settings=settings, db=db, store=EventStore(db, settings.service), codec=codec,
                clock=clock or (lambda: datetime.now(UTC)), new_id=new_id or (lambda: str(uuid.uuid4())),
                env=os.environ if env is None else env)
    wired = [feature(deps) for feature in FEATURES]
    return ServiceContainer(
        settings=settings, db=db, codec=codec, store=deps.store,
        handlers={command: handler for w in wired for command, handler in w.handlers.items()},
        subscriptions=[s for w in wired for s in w.subscriptions] + [revocations.subscription(settings, db)],
        reactors=[r for w in wired for r in w.reactors],
        read_model_collections=[c for w in wired for c in w.collections] + [revocations.COLLECTION])
