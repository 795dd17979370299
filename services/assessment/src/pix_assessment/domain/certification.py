"""A certification test (docs/domain.md §6, docs/adr/0016): a third kind of assessment, composed
once per course by certification_composition.compose, then asked in that order.

- The assessment id is the course id; the test is the stream `certification-<course id>`,
  opened with CertificationTestComposed and ended with CertificationTestCompleted.
- Answers are checked as in any test (ok, ko, aband, timedout), each timer lengthened by the
  candidate's extra time, and a right answer to a focus challenge given after its page lost
  the focus is `focusedOut` (wrong).
- Each answer is an AnswerRecorded of kind "certification" with no knowledge element: a
  certification never changes the profile (no CompetenceEvaluated either).
- The test ends at the last answer (ended by the candidate) or when the invigilator ends it,
  with the answers given so far; a composition with no question ends as soon as it opens.

The state is plain data, stored as the stream's snapshot; its start (the composed questions,
the extra time) is the assessment index's document, written once by the reactor.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from .certification_composition import CertificationQuestion
from .content import Bank, Challenge
from .evaluation import RecordedAnswer, Run, iso
from .events import AnswerRecorded, CertificationTestCompleted, CertificationTestComposed

KIND = "certification"
CANDIDATE, INVIGILATOR = "candidate", "invigilator"  # who ended the test
FOCUSED_OUT = "focusedOut"


def stream_of(course_id: str) -> str:
    return f"certification-{course_id}"


@dataclass
class CertificationTest:
    course_id: str
    session_id: str
    candidate_id: str
    user_id: str
    extra_time_percentage: int
    questions: list[dict]  # in the order asked: [{"competence_code", "skill", "challenge_id"}]
    run: Run
    ended_by: str | None = None
    composed_at: str | None = None

    def to_doc(self) -> dict:
        return asdict(self)

    @classmethod
    def from_doc(cls, doc: dict) -> CertificationTest:
        run = doc["run"]
        return cls(**{**doc, "questions": [dict(q) for q in doc["questions"]],
                      "run": Run(**{**run, "answers": [RecordedAnswer(**a) for a in run["answers"]]})})


def opened(course_id: str, session_id: str, candidate_id: str, user_id: str, extra_time_percentage: int,
           questions: Iterable[CertificationQuestion], started_at: str) -> CertificationTest:
    return CertificationTest(
        course_id, session_id, candidate_id, user_id, extra_time_percentage,
        [{"competence_code": q.competence_code, "skill": q.skill, "challenge_id": q.challenge_id} for q in questions],
        Run(course_id, KIND, started_at))


def lengthened(timer: int | None, extra_time_percentage: int) -> int | None:
    """A timer with the candidate's extra time: timer × (1 + extra / 100), rounded up to the
    second (the candidate's favour), in integers."""
    if timer is None:
        return None
    return -(-timer * (100 + extra_time_percentage) // 100)


def current_question(bank: Bank, test: CertificationTest) -> dict | None:
    """The first composed question not answered yet, in the composed order; None once the
    test is completed or every question is answered. A question whose challenge left the
    bank since is passed over (it stays unanswered)."""
    if test.run.completed:
        return None
    answered = {a.challenge_id for a in test.run.answers}
    return next((q for q in test.questions
                 if q["challenge_id"] not in answered and q["challenge_id"] in bank.challenge_by_id), None)


def next_challenge(bank: Bank, test: CertificationTest) -> Challenge | None:
    question = current_question(bank, test)
    return bank.challenge_by_id[question["challenge_id"]] if question else None


def status_of(checked: str, challenge: Challenge, focused_out: bool) -> str:
    """The answer's status once checked (ok, ko, aband, timedout): a right answer to a focus
    challenge given after its page lost the focus is focusedOut; a wrong one stays wrong."""
    return FOCUSED_OUT if checked == "ok" and focused_out and challenge.focus else checked


def composition(test: CertificationTest, at: datetime) -> CertificationTestComposed:
    return CertificationTestComposed(test.course_id, test.session_id, test.course_id, test.user_id,
                                     tuple(dict(q) for q in test.questions), iso(at))


def recorded(test: CertificationTest, question: dict, status: str, at: datetime) -> AnswerRecorded:
    """No knowledge element: a certification never changes the profile."""
    return AnswerRecorded(test.course_id, test.user_id, question["competence_code"], question["challenge_id"],
                          question["skill"], status, KIND, iso(at), ())


def completion(test: CertificationTest, ended_by: str, at: datetime) -> CertificationTestCompleted:
    competence_of = {q["challenge_id"]: q["competence_code"] for q in test.questions}
    answers = tuple({"challenge_id": a.challenge_id, "competence_code": competence_of[a.challenge_id],
                     "status": a.status} for a in test.run.answers)
    return CertificationTestCompleted(test.course_id, test.session_id, test.course_id, test.user_id, answers,
                                      len(test.questions), ended_by, iso(at))


def apply(test: CertificationTest, event: object) -> CertificationTest:
    """Mutates and returns the state; each event's effect is total, so replays agree."""
    if isinstance(event, CertificationTestComposed):
        test.questions = [dict(q) for q in event.questions]
        test.composed_at = event.composed_at
    elif isinstance(event, AnswerRecorded):
        test.run.answers.append(RecordedAnswer(event.challenge_id, event.skill, event.status, event.answered_at))
    elif isinstance(event, CertificationTestCompleted):
        test.run.completed_at = event.completed_at
        test.ended_by = event.ended_by
    return test

