"""Schemathesis over the public API, through the gateway, as each kind of caller.

The document fuzzed is the gateway's /api/openapi.json, the one clients read (document.py);
every request goes to the gateway on the test stack (127.0.0.1). Four checks, none skipped:
no 5xx but the documented ones, only documented statuses, only documented content types,
bodies that match their schema. Bounded and reproducible in `make test` (PIX_FUZZ_EXAMPLES
examples per operation and caller, derandomized); `make fuzz` runs the same with more
(docs/reliability.md). The fuzzer also tries methods an operation does not document: those
answers are counted, not checked (the four checks judge documented operations only).
"""
from __future__ import annotations

import os
import time

import requests
from hypothesis import HealthCheck, settings

from .conftest import throwaway_headers
from .document import CHECKS, DOCUMENT, public_api

EXAMPLES = int(os.environ.get("PIX_FUZZ_EXAMPLES", "25"))
# make test: the same cases on every run (CI reproducible); make fuzz: new ones each run.
DERANDOMIZE = os.environ.get("PIX_FUZZ_RANDOM") != "1"
ENDS_THE_ACCOUNT = {("DELETE", "/api/users/me")}
TIMEOUT = 15


def test_the_document_fuzzed_is_the_one_the_gateway_serves(platform):
    assert platform.gateway_url.startswith("http://127.0.0.1:")
    served = requests.get(f"{platform.gateway_url}/api/openapi.json", timeout=TIMEOUT)
    assert served.status_code == 200 and served.json() == DOCUMENT


FUZZ_SETTINGS = settings(max_examples=EXAMPLES, derandomize=DERANDOMIZE, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))


def fuzz(case, caller, platform, seen) -> None:
    started = time.monotonic()
    if (case.method, case.path) in ENDS_THE_ACCOUNT and caller.log_in is not None:
        headers = throwaway_headers(platform.gateway_url)
    else:
        headers = caller.headers()
    response = case.call(base_url=platform.gateway_url, headers=headers, timeout=TIMEOUT)
    seen.record(caller.name, f"{case.method} {case.path}", response.status_code)
    seen.seconds += time.monotonic() - started
    case.validate_response(response, checks=CHECKS, headers=headers)


# One test per kind of caller (a lazy schema's test takes no pytest parameters).
@public_api.parametrize()
@FUZZ_SETTINGS
def test_anonymous_calls_keep_the_document(case, callers, platform, seen):
    fuzz(case, callers["anonymous"], platform, seen)


@public_api.parametrize()
@FUZZ_SETTINGS
def test_a_signed_in_person_s_calls_keep_the_document(case, callers, platform, seen):
    fuzz(case, callers["person"], platform, seen)


@public_api.parametrize()
@FUZZ_SETTINGS
def test_a_super_admin_s_calls_keep_the_document(case, callers, platform, seen):
    fuzz(case, callers["super_admin"], platform, seen)
