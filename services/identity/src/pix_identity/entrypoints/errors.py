"""Which HTTP answer each of identity's domain errors becomes: the one table, handed to
create_base_app(errors=ERRORS) (pixkit's shared rows add Forbidden, conflicts, store outages)."""
from __future__ import annotations

from ..domain.errors import (
    CannotDemoteSelf,
    EmailTaken,
    InvalidCredentials,
    InvalidSession,
    ResetLinkInvalid,
    RobotCheckRefused,
    TooManyLogins,
    UserNotFound,
)

ERRORS = {
    EmailTaken: 409,
    RobotCheckRefused: 400,
    InvalidCredentials: 401,
    InvalidSession: 401,
    TooManyLogins: 429,  # answered by tokens.too_many_logins, which adds Retry-After
    ResetLinkInvalid: 400,
    UserNotFound: 404,
    CannotDemoteSelf: 409,
}
