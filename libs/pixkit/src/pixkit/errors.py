"""The base of every domain error, free of Flask and of any store or broker.

A service's domain raises these; which HTTP answer each becomes is decided by the service's
entrypoints, in one table handed to the app factory (docs/service-shape.md).
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain said no. `code` is the stable wire name clients switch on;
    the human message comes from the entrypoints' catalog, in the caller's language."""

    code = "DOMAIN_ERROR"

    def __init__(self, details: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(self.code)
        self.details = details or {}
        self.params = params  # substituted into the catalog message, e.g. {limit}


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    code = "FORBIDDEN"
