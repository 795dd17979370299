"""Certification's composition root: the one place where its parts are wired (docs/architecture.md §8).

Each feature is wired by its own function below, listed in FEATURES: the copy of people's
levels (ProfileUpdated) that eligibility reads; centers and their members; sessions and their
candidates; beside the access revocations every service keeps (pixkit.revocations). Each read
model collection is written by one consumer loop only, since the local store loses concurrent
updates of one document (pixkit.memberships explains why). Streams: docs/adr/0016.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

from pix_contracts.topics import ASSESSMENT_EVENTS, CERTIFICATION_EVENTS, IDENTITY_EVENTS, PROFILE_EVENTS
from pixkit import memberships as pixkit_memberships
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.mail import mail_sink
from pixkit.service_secrets import ServiceSecrets
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.web.container import ServiceContainer

from . import config
from .adapters.candidate_vault import COLLECTION as CANDIDATE_VAULT
from .adapters.candidate_vault import CandidateVault
from .adapters.center_vault import CenterVault
from .adapters.certificate_codes import COLLECTION as CERTIFICATE_CODES
from .adapters.certificate_codes import CertificateCodes
from .adapters.session_codes import COLLECTION as SESSION_CODES
from .adapters.session_codes import SessionCodes
from .domain import center_events as center_ev
from .domain import course_events, session_commands
from .domain import session_events as session_ev
from .handlers import queries, sessions_queries
from .handlers.centers import CenterHandlers
from .handlers.centers_queries import CenterQueries
from .handlers.exam import ExamHandlers
from .handlers.results import ResultHandlers
from .handlers.sessions import SessionHandlers
from .projections import centers as center_projection
from .projections import certificates as certificate_projection
from .projections import profiles
from .projections import sessions as session_projection
from .reactors import center_mails
from .reactors.courses import QUESTIONS, CourseSteps

# Explicit wire names and versions of the events certification publishes (contracts/events/),
# each feature's added where it is wired.
WIRE_NAMES: dict[type, tuple[str, int]] = {
    **{cls: (cls.__name__, 1) for cls in (
        session_ev.SessionCreated, session_ev.SessionDetailsUpdated, session_ev.CandidatesAdded,
        session_ev.CandidateRemoved, session_ev.CandidateJoined, session_ev.CandidateAuthorized,
        session_ev.CertificationCourseStarted, session_ev.CandidateTestEnded, session_ev.CandidateTestFinished,
        session_ev.CandidateAlertRaised, session_ev.IncidentRecorded, session_ev.SessionFinalized,
        session_ev.SessionProcessingStarted, session_ev.SessionPublished,
        course_events.CertificationScored, course_events.CertificateIssued)},
    **{cls: (cls.__name__, 1) for cls in (
        center_ev.AccreditationRequested, center_ev.AccreditationDeclined, center_ev.CenterAccredited,
        center_ev.CenterMemberInvited, center_ev.CenterMemberJoined, center_ev.CenterMemberRoleChanged,
        center_ev.CenterMemberRemoved)},
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


def _profiles(deps: Deps) -> Wiring:
    """The levels, from ProfileUpdated; one loop takes UserAnonymized too, so erasure cannot race."""
    settings, collection = deps.settings, deps.db[profiles.COLLECTION]
    levels = Subscription("profiles", [settings.topic(PROFILE_EVENTS), settings.topic(IDENTITY_EVENTS)])
    levels.on("ProfileUpdated", partial(profiles.on_profile_updated, profiles=collection))
    levels.on("UserAnonymized", partial(profiles.on_user_anonymized, profiles=collection))
    return Wiring(handlers={queries.ReadEligibility: partial(queries.read_eligibility, profiles=collection)},
                  subscriptions=[levels], collections=[profiles.COLLECTION])


def _centers(deps: Deps) -> Wiring:
    """Accreditation requests, centers, their members and invitations. The "centers" loop
    alone writes `centers` and `memberships` (UserAnonymized included, pixkit.memberships);
    the web writes the vault (contacts, invitations), which no replay rebuilds. The mailer
    is a reactor: a replay sends nothing."""
    settings, db = deps.settings, deps.db
    vault, service_secrets = CenterVault(db), ServiceSecrets(db, settings.service, deps.env)
    memberships, centers = pixkit_memberships.memberships_of(db), db[center_projection.CENTERS]
    commands = CenterHandlers(store=deps.store, codec=deps.codec, vault=vault, secrets=service_secrets,
                              clock=deps.clock, new_id=deps.new_id)
    queries_ = CenterQueries(centers=centers, memberships=memberships, vault=vault, store=deps.store,
                             clock=deps.clock)
    loop = Subscription("centers", [settings.topic(CERTIFICATION_EVENTS), settings.topic(IDENTITY_EVENTS)])
    loop.on("AccreditationRequested", partial(center_projection.on_accreditation_requested, centers=centers))
    loop.on("CenterAccredited", partial(center_projection.on_center_accredited, centers=centers))
    loop.on("AccreditationDeclined", partial(center_projection.on_accreditation_declined, centers=centers))
    loop.on("CenterMemberInvited", partial(center_projection.on_member_invited, centers=centers))
    loop.on("CenterMemberJoined", partial(center_projection.on_member_joined, centers=centers,
                                          memberships=memberships))
    loop.on("CenterMemberRoleChanged", partial(center_projection.on_member_role_changed, memberships=memberships))
    loop.on("CenterMemberRemoved", partial(center_projection.on_member_removed, memberships=memberships))
    loop.on("UserAnonymized", partial(center_projection.on_user_anonymized, memberships=memberships, vault=vault))
    mailer = Subscription("center-invitation-mails", [settings.topic(CERTIFICATION_EVENTS)])
    mailer.on("CenterMemberInvited", partial(center_mails.send_invitation_mail, vault=vault, secrets=service_secrets,
                                             store=deps.store, sink=mail_sink(deps.env),
                                             base_url=config.public_url(deps.env)))
    return Wiring(handlers={**commands.bindings(), **queries_.bindings()}, subscriptions=[loop], reactors=[mailer],
                  collections=[center_projection.CENTERS, pixkit_memberships.COLLECTION])


def _sessions(deps: Deps) -> Wiring:
    """Sessions, their candidate lists and the exam (candidates and invigilators). The web
    writes the access codes and the candidate vault, which no replay rebuilds; the "sessions"
    loop alone writes each center's list."""
    settings, db = deps.settings, deps.db
    codes, vault = SessionCodes(db[SESSION_CODES]), CandidateVault(db[CANDIDATE_VAULT])
    secrets = ServiceSecrets(db, settings.service, deps.env)
    commands = SessionHandlers(store=deps.store, codec=deps.codec, codes=codes, vault=vault, secrets=secrets,
                               clock=deps.clock, new_id=deps.new_id)
    exam = ExamHandlers(store=deps.store, codec=deps.codec, codes=codes, vault=vault, secrets=secrets,
                        profiles=db[profiles.COLLECTION], clock=deps.clock, new_id=deps.new_id)
    listed = db[session_projection.COLLECTION]
    loop = Subscription("sessions", [settings.topic(CERTIFICATION_EVENTS)])
    for kind, handler in session_projection.HANDLERS.items():
        loop.on(kind, partial(handler, center_sessions=listed))
    handlers = {
        **commands.bindings(), **exam.bindings(),
        session_commands.ReadSessionCenter: partial(sessions_queries.session_center, store=deps.store),
        session_commands.ReadSession: partial(sessions_queries.read_session, store=deps.store, codes=codes,
                                              vault=vault, commands=commands),
        session_commands.ReadCenterSessions: partial(sessions_queries.center_sessions, center_sessions=listed),
    }
    return Wiring(handlers=handlers, subscriptions=[loop], collections=[session_projection.COLLECTION])


def _results(deps: Deps) -> Wiring:
    """Scores, finalization, publication and certificates. The "courses" reactor alone scores
    and issues (assessment's end of a test, the sessions' finalization and publication); the
    "certificates" loop alone writes the certificates' read models."""
    settings, db = deps.settings, deps.db
    codes, vault = CertificateCodes(db[CERTIFICATE_CODES]), CandidateVault(db[CANDIDATE_VAULT])
    steps = CourseSteps(store=deps.store, codec=deps.codec, questions=db[QUESTIONS], codes=codes, clock=deps.clock,
                        new_id=deps.new_id)
    courses = Subscription("courses", [settings.topic(ASSESSMENT_EVENTS), settings.topic(CERTIFICATION_EVENTS)])
    courses.on("CertificationTestComposed", steps.on_test_composed)
    courses.on("CertificationTestCompleted", steps.on_test_completed)
    courses.on("SessionFinalized", steps.on_session_finalized)
    courses.on("SessionPublished", steps.on_session_published)
    written = {"certificates": db[certificate_projection.CERTIFICATES],
               "user_certificates": db[certificate_projection.USER_CERTIFICATES]}
    loop = Subscription("certificates", [settings.topic(CERTIFICATION_EVENTS), settings.topic(IDENTITY_EVENTS)])
    loop.on("CertificateIssued", partial(certificate_projection.on_certificate_issued, **written))
    loop.on("UserAnonymized", partial(certificate_projection.on_user_anonymized, **written))
    loop.on("UserAnonymized", lambda envelope: vault.forget_person(envelope.data["user_id"]))  # the names go
    handlers = ResultHandlers(store=deps.store, codec=deps.codec, vault=vault,
                              codes=codes, centers=db["centers"], center_sessions=db[session_projection.COLLECTION],
                              clock=deps.clock, public_url=config.public_url(deps.env), **written)
    return Wiring(handlers=handlers.bindings(), subscriptions=[loop], reactors=[courses],
                  collections=[certificate_projection.CERTIFICATES, certificate_projection.USER_CERTIFICATES])


FEATURES: tuple[Callable[[Deps], Wiring], ...] = (_profiles, _sessions, _centers, _results)


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
        subscriptions=[revocations.subscription(settings, db)] + [s for w in wired for s in w.subscriptions],
        reactors=[r for w in wired for r in w.reactors],
        read_model_collections=[revocations.COLLECTION] + [c for w in wired for c in w.collections])
