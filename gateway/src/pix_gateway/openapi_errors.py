"""The errors the gateway itself answers in front of a service, added to the aggregated
OpenAPI document so that it promises what a client really gets through the gateway.

Taken from the gateway's own policies, as data: which routes need a token and which are
rate limited (security.py), the refused paths (edge.py), an away or slow service (proxy.py);
each error's status from the gateway's error table (errors.py).
"""
from __future__ import annotations

from typing import Any

from pixkit.web.api_docs import add_errors

from . import security
from .edge import InvalidPath
from .errors import ERRORS
from .proxy import UpstreamTimeout, UpstreamUnavailable
from .security import InvalidAccessToken, TooManyRequests, Unauthenticated

ERROR_SCHEMA_REF = {"$ref": "#/components/schemas/Error"}

# What the gateway's HTTP server refuses before any route is known, whatever the operation
# (pixkit.web.protocol_errors gives them the error shape): schemathesis found the 501 by
# sending `Transfer-Encoding: schema_version` on a GET.
PROTOCOL = {
    400: "BAD_REQUEST: a request the HTTP server cannot read, e.g. a malformed header (gateway)",
    414: "URI_TOO_LONG: a request line over the HTTP server's limit (gateway)",
    417: "EXPECTATION_FAILED: an Expect header other than 100-continue (gateway)",
    431: "HEADERS_TOO_LARGE: too many headers, or one too long (gateway)",
    501: "NOT_IMPLEMENTED: a transfer coding the HTTP server does not know, RFC 9112 §6.1 (gateway)",
}
EVERY_OPERATION = {
    **PROTOCOL,
    ERRORS[UpstreamUnavailable]: f"{UpstreamUnavailable.code}: the service does not answer (gateway)",
    ERRORS[UpstreamTimeout]: f"{UpstreamTimeout.code}: the service took too long to answer (gateway)",
}
PATH_PARAMETER = {ERRORS[InvalidPath]: f"{InvalidPath.code}: a path that is not in its one normal form, "
                                       "e.g. a «..» segment (gateway)"}
GUARDED = {ERRORS[Unauthenticated]: f"{Unauthenticated.code}, {InvalidAccessToken.code}: no access token, "
                                    "or one refused (gateway)"}
LIMITED = {ERRORS[TooManyRequests]: f"{TooManyRequests.code}: too many requests from this address this minute, "
                                    "with Retry-After (gateway)"}


def gateway_errors(path: str, method: str) -> dict[int, str]:
    errors = dict(EVERY_OPERATION)
    verb = method.upper()
    if "{" in path:
        errors.update(PATH_PARAMETER)
    if not security.is_public(verb, path):
        errors.update(GUARDED)
    if any(verb == limited_method and test(path) for limited_method, test in security.LIMITED_ROUTES.values()):
        errors.update(LIMITED)
    return errors


def add_gateway_errors(path: str, item: dict[str, Any]) -> dict[str, Any]:
    """A copy of the path item with the gateway's errors on each of its operations."""
    item = {method: dict(op, responses={status: dict(answer) for status, answer in op.get("responses", {}).items()})
            if isinstance(op, dict) else op for method, op in item.items()}
    for method, operation in item.items():
        if method != "parameters" and isinstance(operation, dict):
            add_errors(operation, gateway_errors(path, method), ERROR_SCHEMA_REF)
    return item
