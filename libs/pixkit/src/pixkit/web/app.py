"""`create_base_app`: the Flask app every Pix process starts from (docs/architecture.md §6).

It wires configuration, request ids, JSON logs, the error table, body limits, OpenAPI
(`/openapi.json`, `/docs`), `/health`, `/ready` and `/metrics`. A service then registers
its blueprints on `api_of(app)` and tells how to build its container (`use_container`).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from pixkit.auth import InvalidToken
from pixkit.settings import Settings

from . import docs, health, observability
from .api_docs import DocumentedApi
from .context import install_request_context
from .error_handlers import handle_http_exception, register_error_handlers
from .errors import ErrorTable
from .json_body import has_body, refuse_malformed_json
from .jsonlog import configure_logging
from .messages import BASE_MESSAGES, Catalog
from .probes import Check, default_checks
from .schemas import ErrorSchema

_BODY_METHODS = {"POST", "PUT", "PATCH"}


class PixApi(DocumentedApi):
    """flask-smorest's Api, answering errors (validation included) in the Pix shape and
    documenting them on every operation (api_docs)."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):
        return handle_http_exception(error)


@dataclass
class PixState:
    """What the plumbing keeps per app, in app.extensions["pix"]."""

    settings: Settings
    api: PixApi
    messages: Catalog
    errors: ErrorTable
    container_factory: Callable[[], Any] | None = None
    container: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def create_base_app(settings: Settings, name: str, *, ready_checks: Mapping[str, Check] | None = None,
                    messages: Catalog | None = None, errors: ErrorTable | None = None,
                    json_only: bool = True, body_limits: Mapping[str, int] | None = None) -> Flask:
    """`ready_checks` default to the store and the broker; `messages` and `errors` extend
    the catalog and the error table; `json_only` refuses non-JSON bodies with a 415;
    `body_limits` maps a path regex to the body size its requests may have instead of the
    settings' limit (a spreadsheet upload), every other path keeping that one."""
    configure_logging(name)
    app = Flask(f"pix_{name}")
    app.config.update(
        TESTING=settings.testing,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        PIX_BODY_LIMITS=tuple((re.compile(pattern), limit) for pattern, limit in (body_limits or {}).items()),
        API_TITLE=f"Pix {name}",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        # No Swagger UI or ReDoc: they load scripts from a CDN. /docs is ours (docs.py).
        OPENAPI_SWAGGER_UI_PATH=None,
        OPENAPI_REDOC_PATH=None,
        OPENAPI_RAPIDOC_PATH=None,
    )
    app.json.ensure_ascii = False  # French messages stay readable in bodies and logs
    install_request_context(app)
    api = PixApi(app)
    # A refused access token is a 401 in every service (pixkit.web.access).
    errors = {InvalidToken: (401, "INVALID_TOKEN"), **(errors or {})}
    app.extensions["pix"] = PixState(settings, api, {**BASE_MESSAGES, **(messages or {})}, errors)
    register_error_handlers(app)
    app.before_request(_guard_body_json if json_only else _guard_body_size)
    health.install(app, default_checks(settings) if ready_checks is None else dict(ready_checks))
    observability.install_metrics(app, name)
    docs.install(app)
    return app


def api_of(app: Flask) -> PixApi:
    return app.extensions["pix"].api


def use_container(app: Flask, factory: Callable[[], Any]) -> None:
    """Build the service's container on first use: after gunicorn forked, so that its
    database clients belong to the worker that uses them."""
    app.extensions["pix"].container_factory = factory


def container() -> Any:
    state: PixState = current_app.extensions["pix"]
    if state.container is None:
        with state.lock:
            if state.container is None:
                state.container = state.container_factory()
    return state.container


def _guard_body_size() -> None:
    # Werkzeug checks the limit only when the body is read; refuse before any work.
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    for pattern, path_limit in current_app.config.get("PIX_BODY_LIMITS", ()):
        if pattern.fullmatch(request.path):
            limit = request.max_content_length = path_limit  # this request's own limit, read too
            break
    if request.content_length is not None and limit is not None and request.content_length > limit:
        raise RequestEntityTooLarge()


def _guard_body_json():
    _guard_body_size()
    if request.method in _BODY_METHODS:
        if has_body() and not request.is_json:
            raise UnsupportedMediaType()
    return refuse_malformed_json()  # depth, numbers, Unicode: before any view decodes it
