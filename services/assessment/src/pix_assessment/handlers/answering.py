"""Answering the current challenge, or skipping it (docs/domain.md §3–4): the answer's status, the
knowledge elements it produces and, when no challenge is left, the competence's result."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from pixkit.events import Meta

from ..adapters import metrics
from ..domain import answers, asking, knowledge, shuffle
from ..domain.commands import AnswerChallenge
from ..domain.content import Challenge
from ..domain.errors import AssessmentAlreadyCompleted, ChallengeNotFound, NotCurrentChallenge
from ..domain.evaluation import apply, iso
from ..domain.events import AnswerRecorded
from .engine import Engine, Progress, close, find_run, served

TIMER_GRACE = timedelta(seconds=2)  # the page's round trip, not extra thinking time


def _status(engine: Engine, command: AnswerChallenge, challenge: Challenge, now: datetime) -> str:
    if command.skipped:
        return "aband"
    raw = shuffle.to_bank_numbers(command.answer, command.assessment_id, challenge)
    correct = answers.is_correct(challenge, answers.parse_answer(challenge, raw))
    if not correct:
        return "ko"
    served_at = engine.timers.served_at(command.assessment_id, challenge.id) if challenge.is_timed else None
    if served_at is not None and now - served_at > timedelta(seconds=challenge.timer) + TIMER_GRACE:
        return "timedout"  # right, but after the timer: not ok (docs/domain.md §3)
    return "ok"


def answer_challenge(command: AnswerChallenge, meta: Meta, *, engine: Engine) -> Progress:
    version, evaluation, run = find_run(engine, command.user_id, command.assessment_id)
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
    status = _status(engine, command, challenge, now)
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
