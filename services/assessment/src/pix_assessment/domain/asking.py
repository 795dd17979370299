"""What an open test asks now, and how it ends (docs/domain.md §4): an open test always has
a next challenge or an end, never neither.

`next_question` is the one way to ask the algorithm about a run, for every handler. When it
says "nothing", `closing` gives the events that end the run with the competence's result,
whether the last answer just emptied it or the run was found open with nothing left to ask
(a bank that changed under it, or a run an older version opened with nothing to ask).
"""
from __future__ import annotations

from datetime import datetime

from . import algorithm, knowledge, scoring
from .content import Bank, Challenge
from .evaluation import Evaluation, Run, iso
from .events import AssessmentCompleted, CompetenceEvaluated


def situation(bank: Bank, evaluation: Evaluation, run: Run) -> algorithm.Situation:
    code = evaluation.competence_code
    last = run.answers[-1] if run.answers else None
    last_challenge = bank.challenge_by_id.get(last.challenge_id) if last else None
    return algorithm.Situation(
        assessment_id=run.id, skills=bank.skills_of(code), challenges=bank.challenges_of(code),
        knowledge=evaluation.knowledge, answered=frozenset(a.challenge_id for a in run.answers),
        seen_before=evaluation.answered_elsewhere(run.id),
        last_was_timed=bool(last_challenge and last_challenge.is_timed))


def next_question(bank: Bank, evaluation: Evaluation, run: Run) -> Challenge | None:
    """The challenge the run asks now; None once it is completed or has nothing left."""
    if run.completed:
        return None
    return algorithm.next_challenge(situation(bank, evaluation, run))


def closing(bank: Bank, evaluation: Evaluation, run: Run, max_level: int, now: datetime) -> list:
    """The competence's result from its current knowledge, then the run's end."""
    skills = bank.skills_of(evaluation.competence_code)
    validated = sorted(k for k, ke in evaluation.knowledge.items() if ke.status == knowledge.VALIDATED)
    invalidated = sorted(k for k, ke in evaluation.knowledge.items() if ke.status == knowledge.INVALIDATED)
    result = scoring.score(validated, skills, max_level)
    return [CompetenceEvaluated(evaluation.user_id, evaluation.competence_code, run.id, "assessment",
                                tuple(validated), tuple(invalidated), result.pix, result.level, max_level,
                                iso(now), progress=result.progress),
            AssessmentCompleted(run.id, evaluation.user_id, evaluation.competence_code, run.kind,
                                len(run.answers), iso(now))]
