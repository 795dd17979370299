"""What people ask of the assessment engine, and what it refuses (DOMAIN.md §4–5)."""
from __future__ import annotations

from dataclasses import dataclass

from pixkit.errors import DomainError


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


class CompetenceNotFound(DomainError):
    code, http_status = "COMPETENCE_NOT_FOUND", 404


class AssessmentNotFound(DomainError):
    code, http_status = "ASSESSMENT_NOT_FOUND", 404


class ChallengeNotFound(DomainError):
    code, http_status = "CHALLENGE_NOT_FOUND", 404


class NotCurrentChallenge(DomainError):
    """An answer to a challenge that is not the one being asked (a double submit, the
    back button, a forged id): nothing is recorded."""
    code, http_status = "NOT_CURRENT_CHALLENGE", 409


class AssessmentAlreadyCompleted(DomainError):
    code, http_status = "ASSESSMENT_COMPLETED", 409


class AlreadyEvaluated(DomainError):
    code, http_status = "ALREADY_EVALUATED", 409


class NotEvaluatedYet(DomainError):
    code, http_status = "NOT_EVALUATED_YET", 409


class MaxLevelReached(DomainError):
    code, http_status = "MAX_LEVEL_REACHED", 409


class ResetTooEarly(DomainError):
    code, http_status = "RESET_TOO_EARLY", 409


MESSAGES = {
    "COMPETENCE_NOT_FOUND": {"fr": "Cette compétence n'existe pas.", "en": "This competence does not exist."},
    "ASSESSMENT_NOT_FOUND": {"fr": "Ce test n'existe pas.", "en": "This test does not exist."},
    "CHALLENGE_NOT_FOUND": {"fr": "Cette question n'existe pas.", "en": "This question does not exist."},
    "NOT_CURRENT_CHALLENGE": {"fr": "Cette question n'est pas celle en cours : la réponse n'a pas été enregistrée.",
                              "en": "This is not the current question: the answer was not recorded."},
    "ASSESSMENT_COMPLETED": {"fr": "Ce test est terminé.", "en": "This test is over."},
    "ALREADY_EVALUATED": {"fr": "Cette compétence est déjà évaluée : vous pouvez la retenter ou la remettre à zéro.",
                          "en": "This competence is already evaluated: you may retry it or reset it."},
    "NOT_EVALUATED_YET": {"fr": "Terminez d'abord un premier test sur cette compétence.",
                          "en": "Finish a first test on this competence first."},
    "MAX_LEVEL_REACHED": {"fr": "Le niveau maximum est déjà atteint pour cette compétence.",
                          "en": "The maximum level is already reached for this competence."},
    "RESET_TOO_EARLY": {"fr": "Vous pourrez remettre à zéro cette compétence dans {days} jour(s).",
                        "en": "You can reset this competence in {days} day(s)."},
    "MALFORMED_ANSWER": {"fr": "La réponse envoyée n'a pas la forme attendue pour cette question.",
                         "en": "The answer sent does not have the shape this question expects."},
}
