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
