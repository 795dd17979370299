"""Answering the current challenge, or skipping it (docs/domain.md §3–4): the answer's status, the
knowledge elements it produces and, when no challenge is left, the competence's result."""
from __future__ import annotations

from dataclasses import replace

from pixkit.events import Meta

from ..adapters import metrics
from ..domain import asking, knowledge
from ..domain.commands import AnswerChallenge
from ..domain.errors import AssessmentAlreadyCompleted, ChallengeNotFound, NotCurrentChallenge
from ..domain.evaluation import apply, iso
from ..domain.events import AnswerRecorded
from . import campaign_tests, certification_tests
from .campaign_tests import CampaignProgress
from .certification_tests import CertificationProgress
from .engine import Engine, Progress, answer_status, close, find_entry, find_run, served


def answer_challenge(command: AnswerChallenge, meta: Meta, *, engine: Engine
                     ) -> Progress | CampaignProgress | CertificationProgress:
    entry = find_entry(engine, command.user_id, command.assessment_id)
    if entry.certification is not None:
        return certification_tests.answer(command, meta, entry, engine=engine)
    if entry.campaign is not None:
        return campaign_tests.answer(command, meta, entry, engine=engine)
    version, evaluation, run = find_run(engine, entry)
    if run.completed:
        raise AssessmentAlreadyCompleted()
    challenge = engine.bank.challenge_by_id.get(command.challenge_id)
    if challenge is None:
        raise ChallengeNotFound()
    meta = replace(meta, actor=meta.actor or command.user_id)
    expected = asking.next_question(engine.bank, evaluation, run)
    if expected is None:  # open with nothing left to ask: it ends now, and this answer is too late
        close(engine, evaluation, version, run, meta)
        raise AssessmentAlreadyCompleted()
    if expected.id != challenge.id:
        raise NotCurrentChallenge(details={"currentChallengeId": expected.id})
    now = engine.clock()
    status = answer_status(engine, command, challenge, now)
    skill = engine.bank.skill_by_name[challenge.skill]
    tube = [s for s in engine.bank.skills_of(skill.competence_code) if s.tube == skill.tube]
    produced = knowledge.produced_by(skill, status in knowledge.SUCCESS_STATUSES, tube, evaluation.knowledge,
                                     run.id, iso(now))
    recorded = AnswerRecorded(run.id, evaluation.user_id, evaluation.competence_code, challenge.id, skill.name,
                              status, run.kind, iso(now),
                              tuple({"skill": ke.skill, "status": ke.status, "source": ke.source} for ke in produced))
    # The answer is applied first: the state it leads to decides the next challenge, or the end.
    apply(evaluation, recorded)
    run = evaluation.runs[run.id]
    with metrics.SELECTION_SECONDS.time():
        following = asking.next_question(engine.bank, evaluation, run)
    events: list = [recorded]
    if following is None:
        closing = asking.closing(engine.bank, evaluation, run, engine.max_level, now)
        for event in closing:
            apply(evaluation, event)
        events += closing
    engine.evaluations.save(evaluation, version, events, meta)
    metrics.ANSWERS.labels(evaluation.competence_code, status).inc()
    if following is None:
        metrics.COMPLETED.labels(evaluation.competence_code, run.kind).inc()
    return Progress(evaluation, run, served(engine, run, following), status=status)
