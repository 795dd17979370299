"""What certification's rules refuse: DomainError subclasses (a `code`, no HTTP status, no
text; entrypoints/errors.py and entrypoints/messages.py give those)."""
from __future__ import annotations

from pixkit.errors import DomainError


class UnknownIncidentCategory(DomainError):
    """An incident report whose category is none of docs/domain.md §6's."""
    code = "UNKNOWN_INCIDENT_CATEGORY"


class IncidentChallengeRequired(DomainError):
    """A problem inside a challenge reported without saying which challenge."""
    code = "INCIDENT_CHALLENGE_REQUIRED"


class AnswerOutsideTest(DomainError):
    """An answer on a competence the candidate was not positioned on: the test was not
    composed from that profile."""
    code = "ANSWER_OUTSIDE_TEST"


class VerificationCodeExhausted(DomainError):
    """Every attempt drew a code already taken: with 24^8 codes this means the uniqueness
    check or the random source is broken, not bad luck."""
    code = "VERIFICATION_CODE_EXHAUSTED"
