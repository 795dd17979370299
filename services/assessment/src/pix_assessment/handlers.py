"""Assessment's command handlers: start, answer (or skip), improve, reset (DOMAIN.md §4–5).

Each handler loads the competence's stream, decides from the aggregate, and appends; its
result is built from what it just decided (never from a read model), so the answer's
status and the next challenge come back in the same response.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from pixkit.errors import Forbidden
from pixkit.events import Meta

from . import metrics
from .adapters import AssessmentIndex, ChallengeTimers, Evaluations, IndexEntry
from .content import Bank, Challenge
from .domain import algorithm, answers, knowledge, scoring, shuffle
from .domain.commands import (
    AlreadyEvaluated,
    AnswerChallenge,
    AssessmentAlreadyCompleted,
    AssessmentNotFound,
    ChallengeNotFound,
    CompetenceNotFound,
    ImproveCompetence,
    MaxLevelReached,
    NotCurrentChallenge,
    NotEvaluatedYet,
    ResetCompetence,
    ResetTooEarly,
    StartAssessment,
)
from .domain.evaluation import Evaluation, Run, apply
from .domain.events import AnswerRecorded, AssessmentCompleted, AssessmentStarted, CompetenceEvaluated

RESET_AFTER = timedelta(days=7)
RETRY_FAILURES_OLDER_THAN = timedelta(days=4)
TIMER_GRACE = timedelta(seconds=2)  # the page's round trip, not extra thinking time


@dataclass(frozen=True)
class Engine:
    """What every handler needs, bound once in bootstrap."""
    bank: Bank
    evaluations: Evaluations
    index: AssessmentIndex
    timers: ChallengeTimers
    clock: Callable[[], datetime]
    new_id: Callable[[], str]
    max_level: int = scoring.DEFAULT_MAX_LEVEL


@dataclass(frozen=True)
class Progress:
    """An assessment as it stands after a command: what the API answers."""
    evaluation: Evaluation
    run: Run
    challenge: Challenge | None
    status: str | None = None  # of the answer just recorded
    created: bool = False


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def situation(engine: Engine, evaluation: Evaluation, run: Run) -> algorithm.Situation:
    code = evaluation.competence_code
    last = run.answers[-1] if run.answers else None
    last_challenge = engine.bank.challenge_by_id.get(last.challenge_id) if last else None
    return algorithm.Situation(
        assessment_id=run.id, skills=engine.bank.skills_of(code), challenges=engine.bank.challenges_of(code),
        knowledge=evaluation.knowledge, answered=frozenset(a.challenge_id for a in run.answers),
        seen_before=evaluation.answered_elsewhere(run.id),
        last_was_timed=bool(last_challenge and last_challenge.is_timed))


def current_challenge(engine: Engine, evaluation: Evaluation, run: Run) -> Challenge | None:
    if run.completed:
        return None
    with metrics.SELECTION_SECONDS.time():
        challenge = algorithm.next_challenge(situation(engine, evaluation, run))
    return _served(engine, run, challenge)


def _served(engine: Engine, run: Run, challenge: Challenge | None) -> Challenge | None:
    """A timed challenge's clock starts the first time it is shown."""
    if challenge is not None and challenge.is_timed:
        engine.timers.served(run.id, challenge.id, engine.clock())
    return challenge


def _competence(engine: Engine, code: str) -> None:
    if code not in engine.bank.competence_by_code:
        raise CompetenceNotFound()


def _begin(engine: Engine, evaluation: Evaluation, version: int, kind: str, meta: Meta,
           retried: tuple[str, ...] = ()) -> Progress:
    assessment_id, now = engine.new_id(), engine.clock()
    # The index first: a crash before the append leaves an id that leads nowhere (404).
    engine.index.add(IndexEntry(assessment_id, evaluation.user_id, evaluation.competence_code))
    started = AssessmentStarted(assessment_id, evaluation.user_id, evaluation.competence_code, kind, iso(now),
                                engine.bank.version, retried)
    engine.evaluations.append(evaluation, version, [started], meta)
    metrics.STARTED.labels(evaluation.competence_code, kind).inc()
    run = evaluation.runs[assessment_id]
    return _progress(engine, evaluation, run, created=True)


def _progress(engine: Engine, evaluation: Evaluation, run: Run, **extra) -> Progress:
    return Progress(evaluation, run, current_challenge(engine, evaluation, run), **extra)


def start_assessment(command: StartAssessment, meta: Meta, *, engine: Engine) -> Progress:
    """Starts a positioning test, or resumes the one in progress."""
    _competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    if evaluation.current:
        return _progress(engine, evaluation, evaluation.runs[evaluation.current])
    if evaluation.evaluated:
        raise AlreadyEvaluated()
    return _begin(engine, evaluation, version, "positioning", meta)


def improve_competence(command: ImproveCompetence, meta: Meta, *, engine: Engine) -> Progress:
    """"Retenter": validated elements stay; failures older than 4 days are asked again."""
    _competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    if evaluation.current:
        return _progress(engine, evaluation, evaluation.runs[evaluation.current])
    if not evaluation.evaluated:
        raise NotEvaluatedYet()
    if evaluation.level >= engine.max_level:
        raise MaxLevelReached()
    limit = engine.clock() - RETRY_FAILURES_OLDER_THAN
    retried = tuple(sorted(ke.skill for ke in evaluation.knowledge.values()
                           if ke.status == knowledge.INVALIDATED and parse_iso(ke.at) <= limit))
    return _begin(engine, evaluation, version, "improve", meta, retried)


def reset_competence(command: ResetCompetence, meta: Meta, *, engine: Engine) -> Evaluation:
    """Back to zero, 7 days after the last knowledge element at the earliest."""
    _competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    now, last = engine.clock(), evaluation.last_knowledge_at
    if last is not None and now < parse_iso(last) + RESET_AFTER:
        wait = parse_iso(last) + RESET_AFTER - now
        raise ResetTooEarly(details={"availableAt": iso(parse_iso(last) + RESET_AFTER)},
                            days=max(1, wait.days + (1 if wait.seconds else 0)))
    event = CompetenceEvaluated(evaluation.user_id, evaluation.competence_code, None, "reset", (), (), 0, 0,
                                engine.max_level, iso(now))
    engine.evaluations.append(evaluation, version, [event], meta)
    return evaluation


def find_run(engine: Engine, user_id: str, assessment_id: str) -> tuple[int, Evaluation, Run]:
    entry = engine.index.get(assessment_id)
    if entry is None:
        raise AssessmentNotFound()
    if entry.user_id != user_id:
        raise Forbidden()
    version, evaluation = engine.evaluations.load(entry.user_id, entry.competence_code)
    run = evaluation.runs.get(assessment_id)
    if run is None:  # indexed, but its AssessmentStarted never landed
        raise AssessmentNotFound()
    return version, evaluation, run


def _status(engine: Engine, command: AnswerChallenge, challenge: Challenge, now: datetime) -> str:
    if command.skipped:
        return "aband"
    raw = shuffle.to_bank_numbers(command.answer, command.assessment_id, challenge)
    correct = answers.is_correct(challenge, answers.parse_answer(challenge, raw))
    if not correct:
        return "ko"
    served = engine.timers.served_at(command.assessment_id, challenge.id) if challenge.is_timed else None
    if served is not None and now - served > timedelta(seconds=challenge.timer) + TIMER_GRACE:
        return "timedout"  # right, but after the timer: not ok (DOMAIN.md §3)
    return "ok"


def answer_challenge(command: AnswerChallenge, meta: Meta, *, engine: Engine) -> Progress:
    version, evaluation, run = find_run(engine, command.user_id, command.assessment_id)
    if run.completed:
        raise AssessmentAlreadyCompleted()
    challenge = engine.bank.challenge_by_id.get(command.challenge_id)
    if challenge is None:
        raise ChallengeNotFound()
    expected = algorithm.next_challenge(situation(engine, evaluation, run))
    if expected is None or expected.id != challenge.id:
        raise NotCurrentChallenge(details={"currentChallengeId": expected.id if expected else None})
    now = engine.clock()
    status = _status(engine, command, challenge, now)
    skill = engine.bank.skill_by_name[challenge.skill]
    tube = [s for s in engine.bank.skills_of(skill.competence_code) if s.tube == skill.tube]
    produced = knowledge.produced_by(skill, status in knowledge.SUCCESS_STATUSES, tube, evaluation.knowledge,
                                     run.id, iso(now))
    recorded = AnswerRecorded(run.id, evaluation.user_id, evaluation.competence_code, challenge.id, skill.name,
                              status, run.kind, iso(now),
                              tuple({"skill": ke.skill, "status": ke.status, "source": ke.source} for ke in produced))
    meta = replace(meta, actor=meta.actor or command.user_id)
    # The answer is applied first: the state it leads to decides the next challenge, or the end.
    apply(evaluation, recorded)
    run = evaluation.runs[run.id]
    with metrics.SELECTION_SECONDS.time():
        following = algorithm.next_challenge(situation(engine, evaluation, run))
    events: list = [recorded]
    if following is None:
        closing = _closing(engine, evaluation, run, now)
        for event in closing:
            apply(evaluation, event)
        events += closing
    engine.evaluations.save(evaluation, version, events, meta)
    metrics.ANSWERS.labels(evaluation.competence_code, status).inc()
    if following is None:
        metrics.COMPLETED.labels(evaluation.competence_code, run.kind).inc()
    return Progress(evaluation, run, _served(engine, run, following), status=status)


def _closing(engine: Engine, evaluation: Evaluation, run: Run, now: datetime) -> list:
    skills = engine.bank.skills_of(evaluation.competence_code)
    validated = sorted(k for k, ke in evaluation.knowledge.items() if ke.status == knowledge.VALIDATED)
    invalidated = sorted(k for k, ke in evaluation.knowledge.items() if ke.status == knowledge.INVALIDATED)
    result = scoring.score(validated, skills, engine.max_level)
    answered = len(evaluation.runs[run.id].answers)
    return [CompetenceEvaluated(evaluation.user_id, evaluation.competence_code, run.id, "assessment",
                                tuple(validated), tuple(invalidated), result.pix, result.level, engine.max_level,
                                iso(now)),
            AssessmentCompleted(run.id, evaluation.user_id, evaluation.competence_code, run.kind, answered, iso(now))]

