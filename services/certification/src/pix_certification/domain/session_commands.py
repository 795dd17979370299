"""What the center's members, candidates and invigilators ask of a session (handlers/sessions.py)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CreateSession:
    center_id: str
    created_by: str
    details: Mapping[str, str]


@dataclass(frozen=True)
class UpdateSessionDetails:
    session_id: str
    updated_by: str
    details: Mapping[str, str]


@dataclass(frozen=True)
class AddCandidate:
    """One candidate typed in the center's form (wire names, dates as dd/mm/yyyy or ISO)."""
    session_id: str
    added_by: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class ImportCandidates:
    session_id: str
    added_by: str
    filename: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class RemoveCandidate:
    session_id: str
    candidate_id: str
    removed_by: str


@dataclass(frozen=True)
class ReadSessionCenter:
    """Which center a session belongs to: the HTTP side checks the caller's membership there."""
    session_id: str


@dataclass(frozen=True)
class ReadSession:
    session_id: str


@dataclass(frozen=True)
class ReadCenterSessions:
    center_id: str


@dataclass(frozen=True)
class JoinSession:
    """A signed-in person types the session's access code and who they are."""
    user_id: str
    access_code: str
    last_name: str
    first_name: str
    birth_date: str  # YYYY-MM-DD


@dataclass(frozen=True)
class ReadMyExam:
    user_id: str
    session_id: str


@dataclass(frozen=True)
class StartCourse:
    """The authorized candidate starts (or resumes) the test."""
    user_id: str
    session_id: str


@dataclass(frozen=True)
class ReportProblem:
    """The candidate's page: a challenge with a problem, or the page left during a focus challenge."""
    user_id: str
    session_id: str
    kind: str  # focus_lost | challenge_problem
    challenge_id: str | None


@dataclass(frozen=True)
class OpenInvigilation:
    access_code: str
    password: str


@dataclass(frozen=True)
class ReadLiveSession:
    session_id: str
    token: str | None


@dataclass(frozen=True)
class Invigilate:
    """An invigilator's step on one candidate: authorize (a start, or a resume) or end."""
    session_id: str
    token: str | None
    candidate_id: str
    action: str  # authorize | end


@dataclass(frozen=True)
class RecordIncident:
    session_id: str
    token: str | None
    candidate_id: str
    category: str
    challenge_id: str | None = None


@dataclass(frozen=True)
class FinalizeSession:
    session_id: str
    finalized_by: str
    examiner_comment: str
    absent_candidate_ids: tuple[str, ...]
    incidents: tuple[tuple[str, str, str | None], ...] = ()  # (candidate id, category, challenge id)


@dataclass(frozen=True)
class PublishSession:
    """By a platform admin (CERTIF)."""
    session_id: str
    published_by: str


@dataclass(frozen=True)
class ReadSessionsAwaitingPublication:
    pass


@dataclass(frozen=True)
class ReadMyCertificates:
    user_id: str


@dataclass(frozen=True)
class ReadCertificate:
    """The holder's own (`user_id`), or anyone's by its verification code (`code`)."""
    certificate_id: str | None = None
    user_id: str | None = None
    code: str | None = None
    lang: str = "fr"  # the competences' titles


@dataclass(frozen=True)
class RenderCertificate:
    """The holder's certificate as a PDF."""
    certificate_id: str
    user_id: str
    lang: str = "fr"
