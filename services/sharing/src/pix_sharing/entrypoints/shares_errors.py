"""The shares feature's domain errors → HTTP statuses, and their texts in French and English.
The organization code's errors are the organizations feature's (organizations_errors.py)."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.shares import AccountNotReady, StudentNumberRequired

ERRORS: ErrorTable = {
    StudentNumberRequired: 422,
    AccountNotReady: 409,
}
MESSAGES: Catalog = {
    "STUDENT_NUMBER_REQUIRED": {"fr": "Votre numéro d'étudiant n'est pas renseigné.",
                                "en": "Your student number is missing."},
    "ACCOUNT_NOT_READY": {"fr": "Votre compte est encore en cours de préparation. Réessayez dans quelques secondes.",
                          "en": "Your account is still being set up. Try again in a few seconds."},
    "STUDENT_NUMBER_LENGTH": {"fr": "Le numéro d'étudiant ne doit pas dépasser 64 caractères.",
                              "en": "The student number must not exceed 64 characters."},
}
