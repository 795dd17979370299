"""What every assessment handler shares (docs/domain.md §4–5): the engine bound in bootstrap,
where a run stands, and which challenge it asks now.

Each handler loads the competence's stream, decides from the aggregate, and appends; its
result is built from what it just decided (never from a read model), so the answer's
status and the next challenge come back in the same response.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from pixkit.errors import Forbidden

from ..adapters import metrics
from ..adapters.stores import AssessmentIndex, ChallengeTimers, Evaluations
from ..domain import algorithm, scoring
from ..domain.content import Bank, Challenge
from ..domain.errors import AssessmentNotFound, CompetenceNotFound
from ..domain.evaluation import Evaluation, Run


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
    return served(engine, run, challenge)


def served(engine: Engine, run: Run, challenge: Challenge | None) -> Challenge | None:
    """A timed challenge's clock starts the first time it is shown."""
    if challenge is not None and challenge.is_timed:
        engine.timers.served(run.id, challenge.id, engine.clock())
    return challenge


def check_competence(engine: Engine, code: str) -> None:
    if code not in engine.bank.competence_by_code:
        raise CompetenceNotFound()


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

