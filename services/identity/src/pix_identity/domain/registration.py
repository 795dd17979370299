"""Sign-up rules (docs/domain.md §8)."""
from __future__ import annotations

import re
from dataclasses import dataclass

NAME_MAX = 255
PASSWORD_MIN = 8
PASSWORD_MAX = 255
EMAIL_MAX = 255


@dataclass(frozen=True)
class RobotProof:
    challenge: str
    counter: int


@dataclass(frozen=True)
class RegisterUser:
    first_name: str
    last_name: str
    email: str
    password: str
    locale: str
    robot_proof: RobotProof


@dataclass(frozen=True)
class Registered:
    user_id: str
    first_name: str
    last_name: str
    email: str
    position: int  # of UserRegistered in the user's stream: read models wait for it


def normalize_email(email: str) -> str:
    """The form under which two addresses are the same account: case does not count."""
    return email.strip().lower()


def password_is_strong(password: str) -> bool:
    """At least PASSWORD_MIN characters with an uppercase, a lowercase and a digit; any
    alphabet's letters count ("É" is an uppercase letter). The upper bound is separate."""
    return (len(password) >= PASSWORD_MIN
            and any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and re.search(r"[0-9]", password) is not None)


def user_stream(user_id: str) -> str:
    return f"user-{user_id}"
