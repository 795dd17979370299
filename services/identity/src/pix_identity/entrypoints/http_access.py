"""Identity checks access tokens with its own key ring (no network round trip to itself)."""
from __future__ import annotations

from collections.abc import Iterable

from flask import request
from pixkit.auth import Claims
from pixkit.web.access import Forbidden
from pixkit.web.app import container


def caller() -> Claims:
    return container().verifier.bearer_claims(request.headers)


def caller_with(roles: Iterable[str]) -> Claims:
    claims = caller()
    if not set(claims.roles) & set(roles):
        raise Forbidden()
    return claims
