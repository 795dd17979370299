"""Events of one candidate's certification course (stream `course-<course id>`, docs/adr/0016):
its scores and its certificate. Published on certification's topic: ids and figures, never a
name (the certificate's holder is read from the candidate vault when shown)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CertificationScored:
    """One run of domain/scoring.py, with every figure it used: when the test completes, and
    again at finalization with the incidents known then. The last one counts."""
    course_id: str
    session_id: str
    candidate_id: str
    user_id: str
    reason: str  # test_completed | session_finalized
    positioned_levels: tuple  # [{"competence_code", "level"}], by code
    answers: tuple  # in the order asked: [{"challenge_id", "competence_code", "status", "neutralized"}]
    questions: int  # composed (unanswered ones count as wrong)
    counted: int  # answers not neutralized
    correct: int  # among the counted
    rate_percent: float
    rate_below_minimum: bool
    competences: tuple  # [{"competence_code", "positioned_level", "answers", "neutralized", "correct",
    #                      "outcome", "certified_level"}], by code
    pix: int
    scored_at: str


@dataclass(frozen=True)
class CertificateIssued:
    """At publication, for a course that certified something. `verification_code` is unique
    (reserved by an insert-only document whose `_id` is the code)."""
    certificate_id: str
    verification_code: str  # P- + 8 of 2346789BCDFGHJKMPQRTVWXY
    course_id: str
    session_id: str
    candidate_id: str
    center_id: str
    user_id: str
    competences: tuple  # [{"competence_code", "level"}], by code; level 0 = not certified
    pix: int
    certified_on: str  # the session's date, YYYY-MM-DD
    issued_at: str
