"""What every assessment handler shares (docs/domain.md §4–5): the engine bound in bootstrap,
where a run stands, and which challenge it asks now.

Each handler loads the competence's stream, decides from the aggregate, and appends; its
result is built from what it just decided (never from a read model), so the answer's
status and the next challenge come back in the same response.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from pixkit.errors import Forbidden
from pixkit.events import Meta
from pixkit.store import ConcurrencyError

from ..adapters import metrics
from ..adapters.stores import (
    COMPETENCE,
    AssessmentIndex,
    CampaignTests,
    CertificationCandidates,
    CertificationTests,
    ChallengeTimers,
    Evaluations,
    IndexEntry,
)
from ..domain import answers, asking, scoring, shuffle
from ..domain.commands import AnswerChallenge
from ..domain.content import Bank, Challenge
from ..domain.errors import AssessmentNotFound, CompetenceNotFound
from ..domain.evaluation import Evaluation, Run

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
    campaigns: CampaignTests | None = None  # the campaign tests' streams
    certifications: CertificationTests | None = None  # the certification tests' streams
    candidates: CertificationCandidates | None = None  # certification candidate → course


@dataclass(frozen=True)
class Progress:
    """An assessment as it stands after a command: what the API answers."""
    evaluation: Evaluation
    run: Run
    challenge: Challenge | None
    status: str | None = None  # of the answer just recorded
    created: bool = False


def _next(engine: Engine, evaluation: Evaluation, run: Run) -> Challenge | None:
    with metrics.SELECTION_SECONDS.time():
        return asking.next_question(engine.bank, evaluation, run)


def served(engine: Engine, run: Run, challenge: Challenge | None) -> Challenge | None:
    """A timed challenge's clock starts the first time it is shown."""
    if challenge is not None and challenge.is_timed:
        engine.timers.served(run.id, challenge.id, engine.clock())
    return challenge


def close(engine: Engine, evaluation: Evaluation, version: int, run: Run, meta: Meta) -> None:
    """Ends `run` with the competence's result (docs/domain.md §4: the end of a test)."""
    events = asking.closing(engine.bank, evaluation, run, engine.max_level, engine.clock())
    engine.evaluations.append(evaluation, version, events, replace(meta, actor=meta.actor or evaluation.user_id))
    metrics.COMPLETED.labels(evaluation.competence_code, run.kind).inc()


def ended_if_stuck(engine: Engine, version: int, evaluation: Evaluation, run: Run, meta: Meta
                   ) -> tuple[Evaluation, Run, Challenge | None]:
    """The run and the challenge it asks now. An open run with nothing left to ask (the bank
    changed under it, or an older version opened it empty) is ended here, so that whoever
    looks at it next finds its result rather than a test that can never go on."""
    challenge = _next(engine, evaluation, run)
    if challenge is None and not run.completed:
        try:
            close(engine, evaluation, version, run, meta)
        except ConcurrencyError:  # another request moved the stream first: look again
            version, evaluation = engine.evaluations.load(evaluation.user_id, evaluation.competence_code)
            run = evaluation.runs[run.id]
            challenge = _next(engine, evaluation, run)
            if challenge is None and not run.completed:
                close(engine, evaluation, version, run, meta)
        run = evaluation.runs[run.id]
    return evaluation, run, challenge


def settled(engine: Engine, version: int, evaluation: Evaluation, run: Run, meta: Meta, **extra) -> Progress:
    """The run as it stands (ended_if_stuck), its next challenge served to the person."""
    evaluation, run, challenge = ended_if_stuck(engine, version, evaluation, run, meta)
    return Progress(evaluation, run, served(engine, run, challenge), **extra)


def check_competence(engine: Engine, code: str) -> None:
    if code not in engine.bank.competence_by_code:
        raise CompetenceNotFound()


def answer_status(engine: Engine, command: AnswerChallenge, challenge: Challenge, now: datetime,
                  timer: int | None = None) -> str:
    """ok, ko, aband or timedout (docs/domain.md §3), for every kind of test; `timer` is the
    challenge's own unless given (a certification's, lengthened by the extra time)."""
    if command.skipped:
        return "aband"
    raw = shuffle.to_bank_numbers(command.answer, command.assessment_id, challenge)
    correct = answers.is_correct(challenge, answers.parse_answer(challenge, raw))
    if not correct:
        return "ko"
    served_at = engine.timers.served_at(command.assessment_id, challenge.id) if challenge.is_timed else None
    allowed = challenge.timer if timer is None else timer
    if served_at is not None and now - served_at > timedelta(seconds=allowed) + TIMER_GRACE:
        return "timedout"  # right, but after the timer: not ok (docs/domain.md §3)
    return "ok"


def find_entry(engine: Engine, user_id: str, assessment_id: str) -> IndexEntry:
    """The assessment's index entry, for its owner. Someone else's positioning test is a 403;
    someone else's campaign or certification test is a 404, as sharing answers for a
    participation that is not yours."""
    entry = engine.index.get(assessment_id)
    if entry is None:
        raise AssessmentNotFound()
    if entry.user_id != user_id:
        raise AssessmentNotFound() if entry.kind != COMPETENCE else Forbidden()
    return entry


def find_run(engine: Engine, entry: IndexEntry) -> tuple[int, Evaluation, Run]:
    """A positioning or improvement run (entry.kind == COMPETENCE)."""
    assessment_id = entry.assessment_id
    version, evaluation = engine.evaluations.load(entry.user_id, entry.competence_code)
    run = evaluation.runs.get(assessment_id)
    if run is None:  # indexed, but its AssessmentStarted never landed
        raise AssessmentNotFound()
    return version, evaluation, run

