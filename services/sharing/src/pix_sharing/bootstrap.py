"""Sharing's composition root: the one place where its parts are wired (docs/architecture.md §8).

Each feature is wired by its own function below: the copies of people and profiles,
organizations and their members, shared profiles, the organization space (tables,
snapshots, figures, exports), campaigns and participations. Each read model collection is
written by one consumer loop only, since the local store loses concurrent updates of one
document (pixkit.memberships explains why).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from pix_contracts.topics import ASSESSMENT_EVENTS, IDENTITY_EVENTS, PEOPLE, PROFILE_EVENTS, SHARING_EVENTS
from pixkit import memberships as pixkit_memberships
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.mail import mail_sink
from pixkit.people import PeopleSubscription
from pixkit.service_secrets import ServiceSecrets
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.web.container import ServiceContainer

from . import config
from .adapters.campaign_book import CampaignBook
from .adapters.campaign_tables import CAMPAIGN_ROWS
from .adapters.campaign_tables import COLLECTION as CAMPAIGN_TABLES
from .adapters.invitations import InvitationVault
from .adapters.participation_vault import COLLECTION as PARTICIPATION_VAULT
from .adapters.participation_vault import ParticipationVault
from .adapters.share_vault import COLLECTION as SHARE_VAULT
from .adapters.share_vault import ShareVault
from .adapters.tables import ORG_ROWS, TableReader
from .domain import campaigns as campaign_rules
from .domain import events
from .domain.shares import ShareProfile
from .handlers import campaigns as campaign_handlers
from .handlers import campaigns_queries as campaign_queries
from .handlers import shares, shares_queries
from .handlers import space_queries as space
from .handlers.organizations import OrganizationHandlers
from .handlers.organizations_queries import OrganizationQueries
from .projections import campaigns as campaign_projection
from .projections import copies
from .projections import organizations as organization_projection
from .projections import shares as shared
from .reactors.invitations import send_invitation_mail

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
    """Organizations, their codes, members and invitations. The "organizations" loop alone
    writes `organizations` and `memberships` (UserAnonymized included, pixkit.memberships);
    the web writes the `invitations` vault and the `codes` reservations, which no replay
    rebuilds. The mailer is a reactor: a replay sends nothing."""


    settings, db = deps.settings, deps.db
    vault, service_secrets = InvitationVault(db), ServiceSecrets(db, settings.service, deps.env)
    memberships, organizations = pixkit_memberships.memberships_of(db), db[organization_projection.ORGANIZATIONS]
    commands = OrganizationHandlers(db=db, store=deps.store, codec=deps.codec, vault=vault, secrets=service_secrets,
                                    clock=deps.clock, new_id=deps.new_id)
    queries = OrganizationQueries(organizations=organizations, people=db[copies.PEOPLE], memberships=memberships,
                                  vault=vault, store=deps.store, clock=deps.clock)

    loop = Subscription("organizations", [settings.topic(SHARING_EVENTS), settings.topic(IDENTITY_EVENTS)])
    loop.on("OrganizationCreated", partial(organization_projection.on_organization_created,
                                           organizations=organizations))
    loop.on("MemberInvited", partial(organization_projection.on_member_invited, organizations=organizations))
    loop.on("MemberJoined", partial(organization_projection.on_member_joined, organizations=organizations,
                                    memberships=memberships))
    loop.on("MemberRoleChanged", partial(organization_projection.on_member_role_changed, memberships=memberships))
    loop.on("MemberRemoved", partial(organization_projection.on_member_removed, memberships=memberships))
    loop.on("UserAnonymized", partial(pixkit_memberships.on_user_anonymized, memberships=memberships))

    mailer = Subscription("invitation-mails", [settings.topic(SHARING_EVENTS)])
    mailer.on("MemberInvited", partial(send_invitation_mail, vault=vault, secrets=service_secrets, store=deps.store,
                                       sink=mail_sink(deps.env), public_url=config.public_url(deps.env)))
    return Wiring(handlers={**commands.bindings(), **queries.bindings()}, subscriptions=[loop], reactors=[mailer],
                  collections=[organization_projection.ORGANIZATIONS, pixkit_memberships.COLLECTION])


def _shares(deps: Deps) -> Wiring:
    """Shared profiles: the share flow, what a person shared, each organization's table and
    the snapshots ("shares" is the one writer of its collections)."""

    settings, db = deps.settings, deps.db
    vault = ShareVault(db[SHARE_VAULT])
    organizations, profiles = db["organizations"], db[copies.PROFILES]
    written = {"shares": db[shared.SHARES], "share_index": db[shared.SHARE_INDEX],
               "org_tables": db[shared.ORG_TABLES], "vault": vault}
    events_in = Subscription("shares", [settings.topic(SHARING_EVENTS), settings.topic(IDENTITY_EVENTS)])
    events_in.on("ProfileShared", partial(shared.on_profile_shared, **written))
    events_in.on("UserAnonymized", partial(shared.on_user_anonymized, **written))
    handlers = {
        ShareProfile: partial(shares.share_profile, organizations=organizations, profiles=profiles,
                              people=db[copies.PEOPLE], vault=vault, store=deps.store, codec=deps.codec,
                              clock=deps.clock, new_id=deps.new_id),
        shares_queries.PreviewShare: partial(shares_queries.preview_share, organizations=organizations,
                                             profiles=profiles),
        shares_queries.ReadMyShares: partial(shares_queries.my_shares, share_index=db[shared.SHARE_INDEX],
                                             organizations=organizations, store=deps.store),
    }
    return Wiring(handlers=handlers, subscriptions=[events_in],
                  collections=[shared.SHARES, shared.SHARE_INDEX, shared.ORG_TABLES])


def _organization_space(deps: Deps) -> Wiring:
    """What members read: the shared-profiles table, snapshots, figures and exports. It writes
    nothing: it reads the collections the "shares" subscription writes (projections/shares.py),
    through one TableReader per process (each organization's table cached, refreshed by one
    head find per request)."""

    db = deps.db
    queries = space.SpaceQueries(organizations=db["organizations"], shares=db["shares"],
                                 share_index=db["share_index"], org_tables=db["org_tables"],
                                 reader=TableReader(db["org_tables"], ORG_ROWS), clock=deps.clock)
    return Wiring(handlers={space.ReadProfiles: queries.profiles, space.ReadSharedProfile: queries.profile,
                            space.ReadStatistics: queries.statistics, space.ExportProfiles: queries.export})


def _campaigns(deps: Deps) -> Wiring:
    """Campaigns, participations and their results. The "campaigns" loop alone writes
    `campaigns`, `participations` and `campaign_tables`; the web writes the participation
    vault, the code reservations and the share vault (a profile collection's sending)."""


    settings, db = deps.settings, deps.db
    vault, people = ParticipationVault(db[PARTICIPATION_VAULT]), db[copies.PEOPLE]
    campaign_deps = campaign_handlers.CampaignDeps(
        store=deps.store, codec=deps.codec, book=CampaignBook(deps.store, db["codes"]), vault=vault,
        share_vault=ShareVault(db[SHARE_VAULT]), people=people, profiles=db[copies.PROFILES],
        organizations=db["organizations"], participations=db[campaign_projection.PARTICIPATIONS], clock=deps.clock,
        new_id=deps.new_id)
    # An organization's campaign list counts each campaign's participants from its table:
    # campaigns are many and small, so the reader keeps more of them than an organization's.
    reader = TableReader(db[CAMPAIGN_TABLES], CAMPAIGN_ROWS, max_tables=256)
    campaigns = db[campaign_projection.CAMPAIGNS]
    view = campaign_projection.CampaignsProjection(participations=db[campaign_projection.PARTICIPATIONS],
                                                   tables=db[CAMPAIGN_TABLES], vault=vault, people=people)
    loop = Subscription("campaigns", [settings.topic(SHARING_EVENTS), settings.topic(ASSESSMENT_EVENTS),
                                      settings.topic(IDENTITY_EVENTS)])
    loop.on("CampaignCreated", partial(campaign_projection.on_campaign_created, campaigns=campaigns))
    loop.on("CampaignParticipationStarted", view.on_started)
    loop.on("CampaignAssessmentCompleted", view.on_assessment_completed)
    loop.on("CampaignParticipationShared", view.on_shared)
    loop.on("ProfileShared", view.on_profile_shared)
    loop.on("UserAnonymized", view.on_user_anonymized)
    bound = {
        campaign_rules.CreateCampaign: partial(campaign_handlers.create_campaign, deps=campaign_deps),
        campaign_rules.JoinCampaign: partial(campaign_handlers.join_campaign, deps=campaign_deps),
        campaign_rules.ShareParticipation: partial(campaign_handlers.share_participation, deps=campaign_deps),
        campaign_rules.RetryParticipation: partial(campaign_handlers.retry_participation, deps=campaign_deps),
        campaign_queries.ReadCampaign: partial(campaign_queries.read_campaign, deps=campaign_deps, reader=reader),
        campaign_queries.ListCampaigns: partial(campaign_queries.list_campaigns, campaigns=campaigns, reader=reader),
        campaign_queries.FindCampaignByCode: partial(campaign_queries.find_by_code, deps=campaign_deps),
        campaign_queries.ReadParticipants: partial(campaign_queries.read_participants, reader=reader),
        campaign_queries.ReadParticipation: partial(campaign_queries.read_participation, deps=campaign_deps),
        campaign_queries.MyParticipations: partial(campaign_queries.my_participations, deps=campaign_deps,
                                                   campaigns=campaigns),
        campaign_queries.CampaignResults: partial(campaign_queries.campaign_results, deps=campaign_deps,
                                                  tables=db[CAMPAIGN_TABLES]),
        # The share flow's optional campaign code (handlers/shares.py calls it through here).
        campaign_rules.ShareThroughCampaign: partial(campaign_handlers.share_through_campaign, deps=campaign_deps),
    }
    return Wiring(handlers=bound, subscriptions=[loop], collections=list(campaign_projection.READ_MODELS))


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
    container = ServiceContainer(
        settings=settings, db=db, codec=codec, store=deps.store,
        handlers={command: handler for w in wired for command, handler in w.handlers.items()},
        subscriptions=[s for w in wired for s in w.subscriptions] + [revocations.subscription(settings, db)],
        reactors=[r for w in wired for r in w.reactors],
        read_model_collections=[c for w in wired for c in w.collections] + [revocations.COLLECTION])
    # A share with a campaign code is that campaign's sending: the shares feature hands it over.
    container.handlers[ShareProfile] = partial(container.handlers[ShareProfile], through_campaign=container.execute)
    return container
