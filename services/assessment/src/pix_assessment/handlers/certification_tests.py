"""Certification tests (docs/domain.md §6, docs/adr/0016): composed and opened once per course
from certification's CertificationCourseStarted (reactors/certification.py), answered and read
through the same API as the other tests, with the same checks and concurrency (one stream,
`certification-<course id>`: two racing submits contend for one position), the timers
lengthened by the candidate's extra time. They end with CertificationTestCompleted at the last
answer, or when the invigilator ends them (CandidateTestEnded); never with a
CompetenceEvaluated, and their answers carry no knowledge element: a certification never
changes the profile."""
from __future__ import annotations

from dataclasses import dataclass, replace

from pixkit.events import Meta
from pixkit.store import ConcurrencyError

from ..adapters import metrics
from ..adapters.stores import IndexEntry
from ..domain import certification
from ..domain.certification import CANDIDATE, INVIGILATOR, CertificationTest
from ..domain.certification_composition import compose
from ..domain.commands import AnswerChallenge, EndCertificationTest, StartCertificationTest
from ..domain.content import Challenge
from ..domain.errors import AssessmentAlreadyCompleted, ChallengeNotFound, NotCurrentChallenge
from ..domain.knowledge import KnowledgeElement
from .engine import Engine, answer_status, served

RACES = 3  # a racing answer moved the stream: decide again on what it holds, this many times


@dataclass(frozen=True)
class CertificationProgress:
    """A certification test as it stands after a command: what the API answers (views.py
    shows the candidate neither the status nor any correctness)."""
    test: CertificationTest
    challenge: Challenge | None
    status: str | None = None  # of the answer just recorded: kept from the candidate

    @property
    def run(self):
        return self.test.run


def _knowledge_and_seen(engine: Engine, user_id: str, codes: set[str]
                        ) -> tuple[dict[str, KnowledgeElement], frozenset[str]]:
    """The person's current knowledge elements on the competences, from their streams, and
    every challenge they answered there."""
    knowledge: dict[str, KnowledgeElement] = {}
    seen: set[str] = set()
    for code in sorted(codes):
        _, evaluation = engine.evaluations.load(user_id, code)
        knowledge.update(evaluation.knowledge)
        seen |= {a.challenge_id for run in evaluation.runs.values() for a in run.answers}
    return knowledge, frozenset(seen)


def _composed(engine: Engine, command: StartCertificationTest) -> CertificationTest:
    levels = dict(command.levels_by_competence)
    codes = {code for code in levels if code in engine.bank.competence_by_code}
    knowledge, seen = _knowledge_and_seen(engine, command.user_id, codes)
    questions = compose(engine.bank, levels, knowledge, seen, command.seed)
    return certification.opened(command.course_id, command.session_id, command.candidate_id, command.user_id,
                                command.extra_time_percentage, questions, command.started_at)


def start(command: StartCertificationTest, meta: Meta, *, engine: Engine) -> bool:
    """Composes and opens the course's test once: False when it was opened already (a
    redelivery, or the same event again for a resume). The index is written first (insert-only:
    one delivery wins); then the stream starts with CertificationTestComposed (and ends at once
    when nothing was composed). A delivery that finds the index written but the stream empty
    (the first one stopped in between) writes the stream from the index's composition."""
    engine.candidates.remember(command.candidate_id, command.course_id)
    created = False
    if engine.index.get(command.course_id) is None:
        created = engine.index.add_certification(_composed(engine, command))
    entry = engine.index.get(command.course_id)
    if entry is None or entry.certification is None:  # an id of another kind: never a course's
        return False
    version, test = engine.certifications.load(entry)
    if version == 0:
        now, meta = engine.clock(), replace(meta, actor=meta.actor or test.user_id)
        events: list = [_apply(test, certification.composition(test, now))]
        if not test.questions:  # nothing to ask: it must not stay open
            events.append(_apply(test, certification.completion(test, CANDIDATE, now)))
        try:
            engine.certifications.save(test, version, events, meta)
        except ConcurrencyError:
            return False  # another delivery wrote it first
        metrics.STARTED.labels(certification.KIND, certification.KIND).inc()
        if test.run.completed:
            metrics.COMPLETED.labels(certification.KIND, certification.KIND).inc()
    return created


def _apply(test: CertificationTest, event):
    certification.apply(test, event)
    return event


def _close(engine: Engine, test: CertificationTest, version: int, ended_by: str, meta: Meta) -> None:
    event = _apply(test, certification.completion(test, ended_by, engine.clock()))
    engine.certifications.save(test, version, [event], replace(meta, actor=meta.actor or test.user_id))
    metrics.COMPLETED.labels(certification.KIND, certification.KIND).inc()


def _settle(engine: Engine, entry: IndexEntry, version: int, test: CertificationTest, meta: Meta
            ) -> CertificationTest:
    """An open test with nothing left to ask (its challenges left the bank) ends here, whoever
    looks first."""
    if certification.next_challenge(engine.bank, test) is None and not test.run.completed:
        try:
            _close(engine, test, version, CANDIDATE, meta)
        except ConcurrencyError:  # another request moved the stream first: look again
            version, test = engine.certifications.load(entry)
            if certification.next_challenge(engine.bank, test) is None and not test.run.completed:
                _close(engine, test, version, CANDIDATE, meta)
    return test


def read(entry: IndexEntry, meta: Meta, *, engine: Engine) -> CertificationProgress:
    version, test = engine.certifications.load(entry)
    test = _settle(engine, entry, version, test, meta)
    return CertificationProgress(test, served(engine, test.run, certification.next_challenge(engine.bank, test)))


def answer(command: AnswerChallenge, meta: Meta, entry: IndexEntry, *, engine: Engine) -> CertificationProgress:
    version, test = engine.certifications.load(entry)
    if test.run.completed:
        raise AssessmentAlreadyCompleted()
    challenge = engine.bank.challenge_by_id.get(command.challenge_id)
    if challenge is None:
        raise ChallengeNotFound()
    meta = replace(meta, actor=meta.actor or command.user_id)
    question = certification.current_question(engine.bank, test)
    if question is None:  # open with nothing left to ask: it ends now, and this answer is too late
        _close(engine, test, version, CANDIDATE, meta)
        raise AssessmentAlreadyCompleted()
    if question["challenge_id"] != challenge.id:
        raise NotCurrentChallenge(details={"currentChallengeId": question["challenge_id"]})
    now = engine.clock()
    checked = answer_status(engine, command, challenge, now,
                            timer=certification.lengthened(challenge.timer, test.extra_time_percentage))
    status = certification.status_of(checked, challenge, command.focused_out)
    events: list = [_apply(test, certification.recorded(test, question, status, now))]
    following = certification.next_challenge(engine.bank, test)
    if following is None:
        events.append(_apply(test, certification.completion(test, CANDIDATE, now)))
    engine.certifications.save(test, version, events, meta)
    metrics.ANSWERS.labels(question["competence_code"], status).inc()
    if following is None:
        metrics.COMPLETED.labels(certification.KIND, certification.KIND).inc()
    return CertificationProgress(test, served(engine, test.run, following), status=status)


def end(command: EndCertificationTest, meta: Meta, *, engine: Engine) -> bool:
    """The invigilator ended the candidate's test: it completes with the answers given so far
    (ended by the invigilator). False when there is nothing to end: a candidate whose course
    assessment never opened, or a test completed already."""
    course_id = engine.candidates.course_of(command.candidate_id)
    entry = engine.index.get(course_id) if course_id else None
    if entry is None or entry.certification is None:
        return False
    for attempt in range(1, RACES + 1):
        version, test = engine.certifications.load(entry)
        if test.run.completed or test.session_id != command.session_id:
            return False
        now, events = engine.clock(), []
        if version == 0:  # the composition's first delivery stopped before the stream: write it too
            events.append(_apply(test, certification.composition(test, now)))
        events.append(_apply(test, certification.completion(test, INVIGILATOR, now)))
        try:
            engine.certifications.save(test, version, events, replace(meta, actor=meta.actor or test.user_id))
        except ConcurrencyError:  # an answer came in between: end the test with it
            if attempt == RACES:
                raise
            continue
        metrics.COMPLETED.labels(certification.KIND, certification.KIND).inc()
        return True
    return False
