"""What identity refuses (docs/domain.md §8). Each `code` is the wire name clients switch on; the
HTTP status is the entrypoints' (entrypoints/errors.py), the text too (entrypoints/messages.py)."""
from __future__ import annotations

from pixkit.errors import DomainError


class EmailTaken(DomainError):
    code = "EMAIL_TAKEN"


class RobotCheckRefused(DomainError):
    """The sign-up's proof of work is missing, forged, expired, too weak or used before."""

    code = "ROBOT_CHECK_FAILED"


class InvalidCredentials(DomainError):
    """Wrong email, wrong password or locked account: one answer for all (no enumeration)."""

    code = "INVALID_CREDENTIALS"


class InvalidSession(DomainError):
    """A refresh or access token that is unknown, expired, used twice or revoked."""

    code = "INVALID_TOKEN"


class TooManyLogins(DomainError):
    code = "TOO_MANY_REQUESTS"

    def __init__(self, retry_after: int) -> None:
        super().__init__(details={"retryAfter": retry_after})
        self.retry_after = retry_after


class ResetLinkInvalid(DomainError):
    """Unknown, forged, expired or already used: one answer for all."""

    code = "RESET_LINK_INVALID"


class UserNotFound(DomainError):
    code = "USER_NOT_FOUND"


class CannotDemoteSelf(DomainError):
    """A super admin keeps their own role: so that someone can always grant roles."""

    code = "CANNOT_DEMOTE_SELF"
