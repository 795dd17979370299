"""What every service's OpenAPI document promises about errors, written once.

A route documents its success responses and its own domain errors; the errors that the shared
plumbing answers (body limits, JSON parsing, the token check, routing, an away store) are
added here, to each operation they can really happen on, with the shared ErrorSchema:

- every operation: 413 (a body over the limit, checked before any work) and 503 (the store,
  reached on first use by every route's container, is away);
- any POST/PUT/PATCH: 400 (a body that is not strict JSON) and 415 (a body that is not JSON),
  refused before the view, on routes that take no body too (422 comes from flask-smorest);
- a path parameter: 404 (a value with a `/` in it matches no route);
- `@authenticated`: 401 and the bearer security requirement.

No blanket `default` response: a client (or a fuzzer) can then tell a promised answer from a
surprise.
"""
from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api

from .schemas import ErrorSchema

BEARER = "bearerAuth"
BEARER_SCHEME = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                 "description": "identity's access token (POST /api/token)"}

BODY_METHODS = ("post", "put", "patch")
EVERY_OPERATION = {
    413: "PAYLOAD_TOO_LARGE: the body is over the size limit",
    503: "SERVICE_UNAVAILABLE: the store (or, through the gateway, the service) is away; retry",
}
BODY_METHOD = {400: "INVALID_JSON, JSON_TOO_DEEP, JSON_NUMBER_TOO_LARGE, JSON_INVALID_UNICODE: "
                   "a body that is not strict JSON",
               415: "UNSUPPORTED_MEDIA_TYPE: a body that is not application/json"}
PATH_PARAMETER = {404: "NOT_FOUND: no such route (a path parameter may not contain «/»)"}
SIGNED_IN = {401: "UNAUTHENTICATED, INVALID_TOKEN: no access token, or one refused"}

Operation = dict[str, Any]


def authenticated(func: Callable) -> Callable:
    """Documents a route that needs an access token (401, bearer security). Put it under
    `@blp.route`, like flask-smorest's own decorators; the route checks the token itself."""
    func._apidoc = deepcopy(getattr(func, "_apidoc", {}))
    manual = func._apidoc.setdefault("manual_doc", {})
    manual["security"] = [{BEARER: []}]
    return func


def plumbing_errors(path: str, method: str, operation: Operation) -> dict[int, str]:
    """The plumbing's errors for one operation, by status."""
    errors = dict(EVERY_OPERATION)
    if method in BODY_METHODS:
        errors.update(BODY_METHOD)
    if "{" in path:
        errors.update(PATH_PARAMETER)
    if operation.get("security"):
        errors.update(SIGNED_IN)
    return errors


def add_errors(operation: Operation, errors: dict[int, str], error_schema: dict[str, Any]) -> None:
    """Adds each error to the operation's responses; a status the route documents already
    keeps its description, completed with the plumbing's codes."""
    responses = operation.setdefault("responses", {})
    for status, description in sorted(errors.items()):
        known = responses.get(str(status)) or responses.get(status)
        if known is None:
            responses[str(status)] = {"description": description,
                                      "content": {"application/json": {"schema": dict(error_schema)}}}
        elif "$ref" not in known and description not in known.get("description", ""):
            known["description"] = f"{known.get('description', '')}; {description}".lstrip("; ")


class PlumbingErrors(BasePlugin):
    """apispec plugin: runs on each path after flask-smorest and marshmallow made its operations."""

    def init_spec(self, spec) -> None:
        self.spec = spec

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        marshmallow = next(p for p in self.spec.plugins if isinstance(p, MarshmallowPlugin))
        error_schema = marshmallow.resolver.resolve_schema_dict(ErrorSchema)
        for method, operation in (operations or {}).items():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].pop("default", None)
                add_errors(operation, plumbing_errors(path or "", method, operation), error_schema)


class DocumentedApi(Api):
    """flask-smorest's Api without its blanket `default` response, with the plumbing's errors
    on every operation and the bearer scheme that `@authenticated` routes require."""

    DEFAULT_ERROR_RESPONSE_NAME = None

    def _init_spec(self, *, extra_plugins=None, **kwargs) -> None:
        super()._init_spec(extra_plugins=[*(extra_plugins or ()), PlumbingErrors()], **kwargs)
        self.spec.components.security_scheme(BEARER, BEARER_SCHEME)
