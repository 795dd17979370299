"""What the assessment engine refuses (docs/domain.md §3–5). Each `code` is the wire name clients
switch on; the HTTP status is the entrypoints' (entrypoints/errors.py), the text too."""
from __future__ import annotations

from pixkit.errors import DomainError


class CompetenceNotFound(DomainError):
    code = "COMPETENCE_NOT_FOUND"


class AssessmentNotFound(DomainError):
    code = "ASSESSMENT_NOT_FOUND"


class ChallengeNotFound(DomainError):
    code = "CHALLENGE_NOT_FOUND"


class NotCurrentChallenge(DomainError):
    """An answer to a challenge that is not the one being asked (a double submit, the
    back button, a forged id): nothing is recorded."""
    code = "NOT_CURRENT_CHALLENGE"


class AssessmentAlreadyCompleted(DomainError):
    code = "ASSESSMENT_COMPLETED"


class AlreadyEvaluated(DomainError):
    code = "ALREADY_EVALUATED"


class NotEvaluatedYet(DomainError):
    code = "NOT_EVALUATED_YET"


class MaxLevelReached(DomainError):
    code = "MAX_LEVEL_REACHED"


class ResetTooEarly(DomainError):
    code = "RESET_TOO_EARLY"


class MalformedAnswer(DomainError):
    """The answer's shape does not fit the challenge: a client bug, never a wrong answer."""
    code = "MALFORMED_ANSWER"


class ImproveTooEarly(DomainError):
    """"Retenter" has nothing to ask yet: a failure is asked again 4 days after it."""
    code = "IMPROVE_TOO_EARLY"


class NothingToImprove(DomainError):
    """"Retenter" has nothing to ask, and waiting will not change that (only the bank can)."""
    code = "NOTHING_TO_IMPROVE"


class NothingToAsk(DomainError):
    """A positioning with no challenge to ask on this competence (the bank has none left)."""
    code = "NOTHING_TO_ASK"
