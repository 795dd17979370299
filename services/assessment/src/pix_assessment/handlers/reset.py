"""Resetting a competence to zero, a week after its last knowledge element (docs/domain.md §5)."""
from __future__ import annotations

from datetime import timedelta

from pixkit.events import Meta

from ..domain.commands import ResetCompetence
from ..domain.errors import ResetTooEarly
from ..domain.evaluation import Evaluation, iso, parse_iso
from ..domain.events import CompetenceEvaluated
from ..domain.opening import days_until
from .engine import Engine, check_competence

RESET_AFTER = timedelta(days=7)


def reset_competence(command: ResetCompetence, meta: Meta, *, engine: Engine) -> Evaluation:
    """Back to zero, 7 days after the last knowledge element at the earliest."""
    check_competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    now, last = engine.clock(), evaluation.last_knowledge_at
    if last is not None and now < parse_iso(last) + RESET_AFTER:
        available = parse_iso(last) + RESET_AFTER
        raise ResetTooEarly(details={"availableAt": iso(available)}, days=days_until(now, available))
    event = CompetenceEvaluated(evaluation.user_id, evaluation.competence_code, None, "reset", (), (), 0, 0,
                                engine.max_level, iso(now), progress=0)
    engine.evaluations.append(evaluation, version, [event], meta)
    return evaluation
