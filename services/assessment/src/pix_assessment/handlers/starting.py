"""Starting a test on a competence: a first positioning, or "Retenter" (docs/domain.md §4–5).
Either resumes the run in progress rather than opening a second one, and neither opens a
run that would have nothing to ask (domain/opening.py says when one may open)."""
from __future__ import annotations

from pixkit.events import Meta

from ..adapters import metrics
from ..adapters.stores import IndexEntry
from ..domain import opening
from ..domain.commands import ImproveCompetence, StartAssessment
from ..domain.errors import AlreadyEvaluated, NothingToAsk
from ..domain.evaluation import Evaluation, iso
from ..domain.events import AssessmentStarted
from .engine import Engine, Progress, check_competence, settled


def start_assessment(command: StartAssessment, meta: Meta, *, engine: Engine) -> Progress:
    """Starts a positioning test, or resumes the one in progress."""
    check_competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    if evaluation.current:
        return settled(engine, version, evaluation, evaluation.runs[evaluation.current], meta)
    if evaluation.evaluated:
        raise AlreadyEvaluated()
    return _begin(engine, evaluation, version, "positioning", meta)


def improve_competence(command: ImproveCompetence, meta: Meta, *, engine: Engine) -> Progress:
    """"Retenter": validated elements stay; failures at least 4 days old are asked again."""
    check_competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    if evaluation.current:
        return settled(engine, version, evaluation, evaluation.runs[evaluation.current], meta)
    now = engine.clock()
    refusal = opening.improvement_refusal(engine.bank, evaluation, now, engine.max_level)
    if refusal is not None:
        raise refusal
    return _begin(engine, evaluation, version, "improve", meta, opening.retried_skills(evaluation, now))


def _begin(engine: Engine, evaluation: Evaluation, version: int, kind: str, meta: Meta,
           retried: tuple[str, ...] = ()) -> Progress:
    assessment_id, now = engine.new_id(), engine.clock()
    started = AssessmentStarted(assessment_id, evaluation.user_id, evaluation.competence_code, kind, iso(now),
                                engine.bank.version, retried)
    if opening.first_question(engine.bank, evaluation, started) is None:
        raise NothingToAsk()  # never open a test that could only stay open
    # The index first: a crash before the append leaves an id that leads nowhere (404).
    engine.index.add(IndexEntry(assessment_id, evaluation.user_id, evaluation.competence_code))
    engine.evaluations.append(evaluation, version, [started], meta)
    metrics.STARTED.labels(evaluation.competence_code, kind).inc()
    return settled(engine, version + 1, evaluation, evaluation.runs[assessment_id], meta, created=True)
