"""The errors every service maps to HTTP the same way, and the lookup of a status.

DomainError itself lives in pixkit.errors, so that a domain never imports pixkit.web.
"""
from __future__ import annotations

from pymongo.errors import ConnectionFailure

from pixkit.errors import DomainError
from pixkit.store import ConcurrencyError

# Exceptions that are not DomainErrors but that clients must see as such. A service adds
# its own entries through create_base_app(errors=…); entries here win over `http_status`.
ERROR_TABLE: dict[type[BaseException], tuple[int, str]] = {
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


def classify(exc: BaseException, extra: dict[type[BaseException], tuple[int, str]] | None = None
             ) -> tuple[int, str] | None:
    """(status, code) for an exception clients should see, or None for a bug."""
    table = {**ERROR_TABLE, **(extra or {})}
    for cls in type(exc).__mro__:
        if cls in table:
            return table[cls]
    if isinstance(exc, DomainError):
        return exc.http_status, exc.code
    return None
