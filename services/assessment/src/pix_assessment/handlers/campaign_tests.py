"""Campaign tests (docs/domain.md §4, §7): started by sharing's CampaignParticipationStarted
(reactors/campaigns.py), answered and read through the same API as a positioning test,
with the same checks, timers and concurrency (one stream, `campaign-<participation id>`:
two racing submits contend for one position). It ends with CampaignAssessmentCompleted,
never with a CompetenceEvaluated: a campaign does not change the positioning profile."""
from __future__ import annotations

from dataclasses import dataclass, replace

from pixkit.events import Meta
from pixkit.store import ConcurrencyError

from ..adapters import metrics
from ..adapters.stores import IndexEntry
from ..domain import campaign, knowledge
from ..domain.campaign import CampaignTest
from ..domain.commands import AnswerChallenge, StartCampaignTest
from ..domain.content import Challenge
from ..domain.errors import AssessmentAlreadyCompleted, ChallengeNotFound, NotCurrentChallenge
from ..domain.evaluation import Run, iso, parse_iso
from ..domain.events import AnswerRecorded
from .engine import Engine, answer_status, served


@dataclass(frozen=True)
class CampaignProgress:
    """A campaign test as it stands after a command: what the API answers."""
    test: CampaignTest
    challenge: Challenge | None
    status: str | None = None  # of the answer just recorded

    @property
    def run(self) -> Run:
        return self.test.run


def _seen_in_positioning(engine: Engine, user_id: str, competences: set[str]) -> set[str]:
    seen: set[str] = set()
    for code in sorted(competences):
        _, evaluation = engine.evaluations.load(user_id, code)
        seen |= {a.challenge_id for run in evaluation.runs.values() for a in run.answers}
    return seen


def start(command: StartCampaignTest, meta: Meta, *, engine: Engine) -> bool:
    """Starts the test once: False when it was started already (a redelivery)."""
    if engine.index.get(command.participation_id) is not None:
        return False
    at = parse_iso(command.started_at)
    targets = campaign.targets_of(engine.bank, command.target_competences, command.target_tubes, engine.max_level)
    kept: dict = {}
    seen = _seen_in_positioning(engine, command.user_id, set(targets.values()))
    previous = engine.index.get(command.previous_participation_id) if command.previous_participation_id else None
    if previous is not None and previous.campaign is not None and previous.user_id == command.user_id:
        _, before = engine.campaigns.load(previous)
        kept = campaign.kept_knowledge(before, targets, at)
        seen |= set(before.seen_before) | {a.challenge_id for a in before.run.answers}
    test = CampaignTest(command.participation_id, command.campaign_id, command.user_id, targets,
                        Run(command.participation_id, campaign.KIND, command.started_at), kept, sorted(seen))
    if not engine.index.add_campaign(test):
        return False  # another delivery started it first
    metrics.STARTED.labels(campaign.KIND, campaign.KIND).inc()
    _settle(engine, 0, test, replace(meta, actor=meta.actor or command.user_id))
    return True


def _close(engine: Engine, test: CampaignTest, version: int, meta: Meta) -> None:
    event = campaign.completion(test, engine.clock())
    campaign.apply(test, event)
    engine.campaigns.save(test, version, [event], replace(meta, actor=meta.actor or test.user_id))
    metrics.COMPLETED.labels(campaign.KIND, campaign.KIND).inc()


def _settle(engine: Engine, version: int, test: CampaignTest, meta: Meta) -> tuple[CampaignTest, Challenge | None]:
    """The test and the challenge it asks now. An open test with nothing left to ask (a retry
    that keeps every skill, a bank that changed under it) ends here, whoever looks first."""
    challenge = campaign.next_question(engine.bank, test)
    if challenge is None and not test.run.completed:
        try:
            _close(engine, test, version, meta)
        except ConcurrencyError:  # another request moved the stream first: look again
            entry = engine.index.get(test.participation_id)
            version, test = engine.campaigns.load(entry)
            challenge = campaign.next_question(engine.bank, test)
            if challenge is None and not test.run.completed:
                _close(engine, test, version, meta)
    return test, challenge


def read(entry: IndexEntry, meta: Meta, *, engine: Engine) -> CampaignProgress:
    version, test = engine.campaigns.load(entry)
    test, challenge = _settle(engine, version, test, meta)
    return CampaignProgress(test, served(engine, test.run, challenge))


def answer(command: AnswerChallenge, meta: Meta, entry: IndexEntry, *, engine: Engine) -> CampaignProgress:
    version, test = engine.campaigns.load(entry)
    if test.run.completed:
        raise AssessmentAlreadyCompleted()
    challenge = engine.bank.challenge_by_id.get(command.challenge_id)
    if challenge is None:
        raise ChallengeNotFound()
    meta = replace(meta, actor=meta.actor or command.user_id)
    expected = campaign.next_question(engine.bank, test)
    if expected is None:  # open with nothing left to ask: it ends now, and this answer is too late
        _close(engine, test, version, meta)
        raise AssessmentAlreadyCompleted()
    if expected.id != challenge.id:
        raise NotCurrentChallenge(details={"currentChallengeId": expected.id})
    now = engine.clock()
    status = answer_status(engine, command, challenge, now)
    skill = engine.bank.skill_by_name[challenge.skill]
    produced = knowledge.produced_by(skill, status in knowledge.SUCCESS_STATUSES,
                                     campaign.tube_of(engine.bank, test, skill), test.knowledge, test.run.id, iso(now))
    recorded = AnswerRecorded(test.run.id, test.user_id, skill.competence_code, challenge.id, skill.name, status,
                              campaign.KIND, iso(now),
                              tuple({"skill": ke.skill, "status": ke.status, "source": ke.source} for ke in produced))
    # The answer is applied first: the state it leads to decides the next challenge, or the end.
    campaign.apply(test, recorded)
    with metrics.SELECTION_SECONDS.time():
        following = campaign.next_question(engine.bank, test)
    events: list = [recorded]
    if following is None:
        completed = campaign.completion(test, now)
        campaign.apply(test, completed)
        events.append(completed)
    engine.campaigns.save(test, version, events, meta)
    metrics.ANSWERS.labels(skill.competence_code, status).inc()
    if following is None:
        metrics.COMPLETED.labels(campaign.KIND, campaign.KIND).inc()
    return CampaignProgress(test, served(engine, test.run, following), status=status)
