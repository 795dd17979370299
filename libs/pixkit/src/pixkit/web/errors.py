"""The errors every service maps to HTTP the same way, and the lookup of a status.

DomainError itself lives in pixkit.errors, so that a domain never imports pixkit.web.
"""
from __future__ import annotations

from collections.abc import Mapping

from pymongo.errors import ConnectionFailure

from pixkit.errors import DomainError, Forbidden
from pixkit.store import ConcurrencyError

# What a service's table holds: a DomainError's status (its code is its own wire name), or
# (status, code) for an exception that is not a DomainError but that clients must see as one.
ErrorTable = Mapping[type[BaseException], int | tuple[int, str]]

# The rows every service shares. A service hands its own table (entrypoints/errors.py) to
# create_base_app(errors=…); its rows win over these.
ERROR_TABLE: dict[type[BaseException], int | tuple[int, str]] = {
    Forbidden: 403,
    ConcurrencyError: (409, "CONCURRENT_UPDATE"),
    # The store is away (or too slow to pick a server): the caller may retry, it is no bug.
    ConnectionFailure: (503, "SERVICE_UNAVAILABLE"),
}

# Werkzeug's HTTP errors (raised by routing, body parsing, webargs) by status.
HTTP_CODES: dict[int, str] = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    414: "URI_TOO_LONG",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "TOO_MANY_REQUESTS",
    431: "HEADERS_TOO_LARGE",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    503: "SERVICE_UNAVAILABLE",
}


def classify(exc: BaseException, extra: ErrorTable | None = None) -> tuple[int, str] | None:
    """(status, code) for an exception clients should see, or None for a bug."""
    table = {**ERROR_TABLE, **(extra or {})}
    for cls in type(exc).__mro__:
        if cls in table:
            row = table[cls]
            return (row, exc.code) if isinstance(row, int) else row
    if isinstance(exc, DomainError):
        # A domain error the service's table forgot: a refusal still, never a 500 (each
        # service's tests check that its table covers its domain errors).
        return 400, exc.code
    return None
