"""Assessment's composition root: the one place where its parts are wired (docs/architecture.md §8)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from pix_contracts.topics import CERTIFICATION_EVENTS, SHARING_EVENTS
from pixkit import revocations
from pixkit.consumer import Subscription
from pixkit.events import EventCodec
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixkit.stream_cache import StreamCache
from pixkit.web.container import ServiceContainer

from . import config
from .adapters.stores import (
    AssessmentIndex,
    CampaignTests,
    CertificationCandidates,
    CertificationTests,
    ChallengeTimers,
    Evaluations,
)
from .domain import commands
from .domain.content import Bank, load_bank
from .domain.events import (
    AnswerRecorded,
    AssessmentCompleted,
    AssessmentStarted,
    CampaignAssessmentCompleted,
    CertificationTestCompleted,
    CertificationTestComposed,
    CompetenceEvaluated,
)
from .handlers import answering, campaign_tests, certification_tests, queries, reset, starting
from .handlers.engine import Engine
from .reactors import campaigns, certification

# The events' wire names on pix.assessment.events and the contract version each is written in
# (contracts/events/ holds their schemas). Older versions stay in the log; the codec and every
# consumer read them through pix_contracts.upcasters (docs/adr/0010-event-versions-and-upcasters.md).
# A competence's state document is rewritten every few answers, not at each one: a process
# answers from the state it keeps in memory (docs/adr/0015-event-store-write-path.md), and a
# cold load catches up at most this many commits.
SNAPSHOT_EVERY = 8

WIRE_NAMES = {AssessmentStarted: ("AssessmentStarted", 1), AnswerRecorded: ("AnswerRecorded", 1),
              CompetenceEvaluated: ("CompetenceEvaluated", 2), AssessmentCompleted: ("AssessmentCompleted", 1),
              CampaignAssessmentCompleted: ("CampaignAssessmentCompleted", 1),
              CertificationTestComposed: ("CertificationTestComposed", 1),
              CertificationTestCompleted: ("CertificationTestCompleted", 1)}


@dataclass
class AssessmentContainer(ServiceContainer):
    engine: Engine | None = None


def make_codec() -> EventCodec:
    codec = EventCodec()
    for cls, (wire_name, version) in WIRE_NAMES.items():
        codec.register(cls, wire_name, version)
    return codec


def reactors(settings: Settings, handlers: dict) -> list[Subscription]:
    """Sharing's ASSESSMENT participations start their campaign tests; certification's started
    courses open their certification tests, and the invigilator's end closes them."""
    tests = Subscription("campaign-tests", [settings.topic(SHARING_EVENTS)])
    tests.on("CampaignParticipationStarted", partial(campaigns.on_participation_started,
                                                     start=handlers[commands.StartCampaignTest]))
    exams = Subscription("certification-tests", [settings.topic(CERTIFICATION_EVENTS)])
    exams.on("CertificationCourseStarted", partial(certification.on_course_started,
                                                   start=handlers[commands.StartCertificationTest]))
    exams.on("CandidateTestEnded", partial(certification.on_test_ended, end=handlers[commands.EndCertificationTest]))
    return [tests, exams]


def bootstrap(settings: Settings, db=None, *, bank: Bank | None = None, clock=None, new_id=None,
              env=None) -> AssessmentContainer:
    if db is None:
        from pixkit.web.mongo import database

        db = database(settings)
    codec, bank = make_codec(), bank or load_bank()
    store = EventStore(db, settings.service, cache=StreamCache(), snapshot_every=SNAPSHOT_EVERY)
    engine = Engine(
        bank=bank, evaluations=Evaluations(store, codec), index=AssessmentIndex(db), timers=ChallengeTimers(db),
        clock=clock or (lambda: datetime.now(UTC)), new_id=new_id or (lambda: str(uuid.uuid4())),
        max_level=config.max_level(env), campaigns=CampaignTests(store, codec),
        certifications=CertificationTests(store, codec), candidates=CertificationCandidates(db))
    handlers_by_command = {
        commands.StartAssessment: partial(starting.start_assessment, engine=engine),
        commands.AnswerChallenge: partial(answering.answer_challenge, engine=engine),
        commands.ImproveCompetence: partial(starting.improve_competence, engine=engine),
        commands.ResetCompetence: partial(reset.reset_competence, engine=engine),
        commands.StartCampaignTest: partial(campaign_tests.start, engine=engine),
        commands.StartCertificationTest: partial(certification_tests.start, engine=engine),
        commands.EndCertificationTest: partial(certification_tests.end, engine=engine),
        queries.ReadAssessment: partial(queries.read_assessment, engine=engine),
        queries.ReadCompetences: partial(queries.read_competences, engine=engine),
        queries.ReadFramework: partial(queries.read_framework, bank=bank),
        queries.ReadAttachment: partial(queries.read_attachment, engine=engine),
    }
    return AssessmentContainer(settings=settings, db=db, codec=codec, store=store, handlers=handlers_by_command,
                               engine=engine, subscriptions=[revocations.subscription(settings, db)],
                               reactors=reactors(settings, handlers_by_command),
                               read_model_collections=[revocations.COLLECTION])
