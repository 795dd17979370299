"""The shares feature's domain errors → HTTP statuses, and their texts in French and English.
The organization code's errors are the organizations feature's (organizations_errors.py)."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.shares import StudentNumberRequired

ERRORS: ErrorTable = {
    StudentNumberRequired: 422,
}
MESSAGES: Catalog = {
    "STUDENT_NUMBER_REQUIRED": {"fr": "Votre numéro d'étudiant n'est pas renseigné.",
                                "en": "Your student number is missing."},
    "STUDENT_NUMBER_LENGTH": {"fr": "Le numéro d'étudiant ne doit pas dépasser 64 caractères.",
                              "en": "The student number must not exceed 64 characters."},
}
