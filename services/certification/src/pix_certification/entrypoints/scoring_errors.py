"""The scoring feature's domain errors (incidents, verification codes, scoring, certificates) → HTTP statuses,
and their texts in French and English."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

from ..domain.certificates import CertificateNotFound, InvalidCertificate
from ..domain.errors import (
    AnswerOutsideTest,
    IncidentChallengeRequired,
    UnknownIncidentCategory,
    VerificationCodeExhausted,
)

ERRORS: ErrorTable = {
    UnknownIncidentCategory: 422,
    IncidentChallengeRequired: 422,
    AnswerOutsideTest: 422,
    VerificationCodeExhausted: 503,
    InvalidCertificate: 422,
    CertificateNotFound: 404,
}
MESSAGES: Catalog = {
    "UNKNOWN_INCIDENT_CATEGORY": {"fr": "Cette catégorie de signalement n'existe pas.",
                                  "en": "This kind of incident report does not exist."},
    "INCIDENT_CHALLENGE_REQUIRED": {"fr": "Indiquez la question concernée par ce problème.",
                                    "en": "Please say which question this problem concerns."},
    "ANSWER_OUTSIDE_TEST": {"fr": "Cette réponse porte sur une compétence absente du test de certification.",
                            "en": "This answer concerns a competence that is not part of the certification test."},
    "VERIFICATION_CODE_EXHAUSTED": {"fr": "Aucun code de vérification n'a pu être attribué. Réessayez dans un instant.",
                                    "en": "No verification code could be given. Please try again in a moment."},
    "CERTIFICATE_NOT_FOUND": {"fr": "Aucun certificat ne correspond à ce code. Vérifiez-le : il commence par P- "
                                    "suivi de 8 caractères.",
                              "en": "No certificate matches this code. Check it: it starts with P- followed by "
                                    "8 characters."},
    "INVALID_CERTIFICATE": {"fr": "Ce certificat ne peut pas être établi : ses données sont incohérentes.",
                            "en": "This certificate cannot be made: its figures do not hold together."},
}
