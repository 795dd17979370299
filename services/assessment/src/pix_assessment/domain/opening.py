"""When a test may open (docs/domain.md §4–5): only with a first challenge to ask.

A positioning opens on a competence not evaluated yet. "Retenter" (an improvement) keeps
the validated knowledge elements and asks again the failures at least 4 days old, with
any skill that has no element yet (one the bank added, one the first test left out of
reach). When that leaves nothing to ask, it does not open: the refusal says from when it
will have something (the day the oldest recent failure turns 4 days old), or that it will
not until the bank changes.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from pixkit.errors import DomainError

from . import knowledge
from .asking import next_question
from .content import Bank, Challenge
from .errors import ImproveTooEarly, MaxLevelReached, NotEvaluatedYet, NothingToImprove
from .evaluation import Evaluation, apply, iso, parse_iso
from .events import AssessmentStarted

RETRY_FAILURES_AFTER = timedelta(days=4)
# The pick among equals depends on the assessment id; whether there is a pick does not.
_PROBE = "probe"


def days_until(now: datetime, moment: datetime) -> int:
    """Whole days to wait, rounded up, at least 1 (what the refusals say)."""
    wait = moment - now
    return max(1, wait.days + (1 if wait.seconds or wait.microseconds else 0))


def retried_skills(evaluation: Evaluation, now: datetime) -> tuple[str, ...]:
    """The failures an improvement starting at `now` asks again: those at least 4 days old."""
    return tuple(sorted(ke.skill for ke in evaluation.knowledge.values()
                        if ke.status == knowledge.INVALIDATED and parse_iso(ke.at) + RETRY_FAILURES_AFTER <= now))


def first_question(bank: Bank, evaluation: Evaluation, started: AssessmentStarted) -> Challenge | None:
    """What the run `started` would ask first, decided on a copy: nothing is changed."""
    trial = apply(evaluation.copy(), started)
    return next_question(bank, trial, trial.runs[started.assessment_id])


def _improvement_asks(bank: Bank, evaluation: Evaluation, at: datetime) -> bool:
    started = AssessmentStarted(_PROBE, evaluation.user_id, evaluation.competence_code, "improve", iso(at),
                                bank.version, retried_skills(evaluation, at))
    return first_question(bank, evaluation, started) is not None


def improvement_refusal(bank: Bank, evaluation: Evaluation, now: datetime, max_level: int) -> DomainError | None:
    """Why "Retenter" cannot open now (for a competence with no test in progress), or None."""
    if not evaluation.evaluated:
        return NotEvaluatedYet()
    if evaluation.level >= max_level:
        return MaxLevelReached()
    if _improvement_asks(bank, evaluation, now):
        return None
    later = sorted({parse_iso(ke.at) + RETRY_FAILURES_AFTER for ke in evaluation.knowledge.values()
                    if ke.status == knowledge.INVALIDATED})
    for moment in (m for m in later if m > now):
        if _improvement_asks(bank, evaluation, moment):
            return ImproveTooEarly(details={"availableAt": iso(moment)}, days=days_until(now, moment))
    return NothingToImprove()
