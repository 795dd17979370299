"""Starting a test on a competence: a first positioning, or "Retenter" (docs/domain.md §4–5).
Either resumes the run in progress rather than opening a second one."""
from __future__ import annotations

from datetime import timedelta

from pixkit.events import Meta

from ..adapters import metrics
from ..adapters.stores import IndexEntry
from ..domain import knowledge
from ..domain.commands import ImproveCompetence, StartAssessment
from ..domain.errors import AlreadyEvaluated, MaxLevelReached, NotEvaluatedYet
from ..domain.evaluation import Evaluation, Run
from ..domain.events import AssessmentStarted
from .engine import Engine, Progress, check_competence, current_challenge, iso, parse_iso

RETRY_FAILURES_OLDER_THAN = timedelta(days=4)


def start_assessment(command: StartAssessment, meta: Meta, *, engine: Engine) -> Progress:
    """Starts a positioning test, or resumes the one in progress."""
    check_competence(engine, command.competence_code)
    version, evaluation = engine.evaluations.load(command.user_id, command.competence_code)
    if evaluation.current:
        return _progress(engine, evaluation, evaluation.runs[evaluation.current])
    if evaluation.evaluated:
        raise AlreadyEvaluated()
    return _begin(engine, evaluation, version, "positioning", meta)


def improve_competence(command: ImproveCompetence, meta: Meta, *, engine: Engine) -> Progress:
    """"Retenter": validated elements stay; failures older than 4 days are asked again."""
    check_competence(engine, command.competence_code)
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
