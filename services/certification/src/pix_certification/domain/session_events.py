"""Events of a certification session's stream (docs/domain.md §6). Wire names and versions are
bound in bootstrap. They are published on certification's topic: no secret and no personal
data (domain/sessions.py)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionCreated:
    session_id: str
    center_id: str
    address: str
    room: str
    examiner: str
    date: str  # YYYY-MM-DD
    time: str  # HH:MM
    description: str
    created_by: str
    created_at: str


@dataclass(frozen=True)
class SessionDetailsUpdated:
    session_id: str
    address: str
    room: str
    examiner: str
    date: str
    time: str
    description: str
    updated_by: str


@dataclass(frozen=True)
class CandidatesAdded:
    """One candidate, or a whole imported list at once (all or nothing). Who they are stays in
    the candidate vault."""
    session_id: str
    candidates: tuple  # of {"candidate_id", "extra_time_percentage", "billing_mode"}
    added_by: str


@dataclass(frozen=True)
class CandidateRemoved:
    session_id: str
    candidate_id: str
    removed_by: str


@dataclass(frozen=True)
class CandidateJoined:
    session_id: str
    candidate_id: str
    user_id: str


@dataclass(frozen=True)
class CandidateAuthorized:
    """The invigilator lets a waiting candidate start, or an interrupted one resume."""
    session_id: str
    candidate_id: str
    resume: bool = False


@dataclass(frozen=True)
class CertificationCourseStarted:
    """What assessment needs to compose and time the test (docs/adr/0016); sent again, with the
    same course id, when the invigilator lets an interrupted candidate resume."""
    session_id: str
    candidate_id: str
    course_id: str
    user_id: str
    extra_time_percentage: int
    positioned_levels: tuple  # of {"competence_code", "level"}, level >= 1, by code
    seed: str
    started_at: str


@dataclass(frozen=True)
class CandidateTestEnded:
    """The invigilator ended a candidate's test."""
    session_id: str
    candidate_id: str


@dataclass(frozen=True)
class CandidateTestFinished:
    """The candidate answered to the end."""
    session_id: str
    candidate_id: str


@dataclass(frozen=True)
class CandidateAlertRaised:
    session_id: str
    candidate_id: str
    kind: str  # focus_lost | challenge_problem
    challenge_id: str | None
    raised_at: str


@dataclass(frozen=True)
class IncidentRecorded:
    session_id: str
    candidate_id: str
    category: str  # domain/incidents.py's CATEGORIES
    challenge_id: str | None


@dataclass(frozen=True)
class SessionFinalized:
    session_id: str
    finalized_by: str
    examiner_comment: str
    absent_candidate_ids: tuple
    finalized_at: str


@dataclass(frozen=True)
class SessionProcessingStarted:
    session_id: str


@dataclass(frozen=True)
class SessionPublished:
    session_id: str
    published_by: str
    published_at: str
