"""What people ask of the assessment engine (docs/domain.md §4–5); what it refuses is in errors.py."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StartAssessment:
    user_id: str
    competence_code: str


@dataclass(frozen=True)
class AnswerChallenge:
    user_id: str
    assessment_id: str
    challenge_id: str
    answer: object = None
    skipped: bool = False
    # A certification's focus challenge answered after its page lost the focus (docs/domain.md §6).
    focused_out: bool = False


@dataclass(frozen=True)
class ImproveCompetence:
    user_id: str
    competence_code: str


@dataclass(frozen=True)
class ResetCompetence:
    user_id: str
    competence_code: str


@dataclass(frozen=True)
class StartCampaignTest:
    """Sharing's CampaignParticipationStarted of an ASSESSMENT campaign (docs/domain.md §7):
    the assessment id is the participation id."""
    participation_id: str
    campaign_id: str
    user_id: str
    target_competences: tuple[str, ...]
    target_tubes: tuple[str, ...]  # "@tube"
    started_at: str
    previous_participation_id: str | None = None  # a retry's previous attempt


@dataclass(frozen=True)
class StartCertificationTest:
    """Certification's CertificationCourseStarted (docs/adr/0016): compose the course's test
    and open it; the assessment id is the course id."""
    course_id: str
    session_id: str
    candidate_id: str
    user_id: str
    extra_time_percentage: int
    levels_by_competence: tuple[tuple[str, int], ...]  # (competence code, positioned level)
    seed: str
    started_at: str


@dataclass(frozen=True)
class EndCertificationTest:
    """Certification's CandidateTestEnded: the invigilator ended the candidate's test."""
    session_id: str
    candidate_id: str
