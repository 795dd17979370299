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
