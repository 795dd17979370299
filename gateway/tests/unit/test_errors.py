"""The gateway's error table: every DomainError the gateway raises has its row, and the
status lives in the table only (not on the error)."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pix_gateway
from pix_gateway.errors import ERRORS
from pixkit.errors import DomainError
from pixkit.web.errors import classify


def gateway_errors() -> set[type]:
    found = set()
    for module in pkgutil.walk_packages(pix_gateway.__path__, "pix_gateway."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, DomainError) and cls.__module__.startswith("pix_gateway."):
                found.add(cls)
    return found


def test_every_gateway_error_has_its_row_and_no_status_of_its_own():
    errors = gateway_errors()
    assert len(errors) >= 7
    assert errors - set(ERRORS) == set()
    assert [cls.__name__ for cls in errors if "http_status" in vars(cls)] == []


def test_the_table_gives_each_error_its_status_and_its_code():
    answers = {cls.__name__: classify(cls(), ERRORS) for cls in ERRORS}
    assert answers == {"InvalidPath": (400, "INVALID_PATH"), "Unauthenticated": (401, "UNAUTHENTICATED"),
                       "InvalidAccessToken": (401, "INVALID_TOKEN"), "CorsForbidden": (403, "CORS_FORBIDDEN"),
                       "TooManyRequests": (429, "TOO_MANY_REQUESTS"),
                       "UpstreamUnavailable": (503, "UPSTREAM_UNAVAILABLE"),
                       "UpstreamTimeout": (504, "UPSTREAM_TIMEOUT")}
