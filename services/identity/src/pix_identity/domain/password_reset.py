"""Password reset (docs/domain.md §8): a single-use link, valid 24 h.

The link's token is "<reset id>.<HMAC of the id>": the event that asks for the mail
carries the id only, which is useless without identity's key, and the database holds no
token either. Spending the link is a compare-and-set on its record, so it works once.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from .errors import ResetLinkInvalid

RESET_TTL = timedelta(hours=24)
KEY_NAME = "password-reset"


@dataclass(frozen=True)
class RequestPasswordReset:
    email: str
    locale: str


@dataclass(frozen=True)
class ResetPassword:
    token: str
    password: str


def _mac(key: bytes, reset_id: str) -> str:
    digest = hmac.new(key, reset_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def link_token(key: bytes, reset_id: str) -> str:
    return f"{reset_id}.{_mac(key, reset_id)}"


def reset_id_of(key: bytes, token: str) -> str:
    reset_id, _, mac = token.partition(".")
    if not reset_id or not mac or not hmac.compare_digest(mac, _mac(key, reset_id)):
        raise ResetLinkInvalid()
    return reset_id
