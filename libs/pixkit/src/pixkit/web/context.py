"""Per-request context: request and correlation ids, the caller's language, event meta.

Ids come from the caller when well-formed (so one id follows a request through the
gateway and the services), else are generated; they are echoed in the response headers.
"""
from __future__ import annotations

import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

from pixkit.events import Meta

from .messages import DEFAULT_LANGUAGE, LANGUAGES

REQUEST_ID_HEADER = "X-Request-Id"
CORRELATION_ID_HEADER = "X-Correlation-Id"
_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def accept_id(value: str | None) -> str | None:
    """A caller-supplied id, if it is safe to log and forward (no injection into logs)."""
    return value if value and _ID.fullmatch(value) else None


def current_ids() -> tuple[str | None, str | None]:
    if not has_request_context():
        return None, None
    return g.get("request_id"), g.get("correlation_id")


def current_meta(actor: str | None = None) -> Meta:
    """Meta of the events a command appends: the correlation id spans the whole chain of
    reactions; the request that caused the command is their cause."""
    request_id, correlation_id = current_ids()
    return Meta(correlation_id=correlation_id, causation_id=request_id, actor=actor)


def request_language() -> str:
    """The caller's language among ours: French unless Accept-Language prefers English."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def _begin() -> None:
    g.started = time.perf_counter()
    g.request_id = accept_id(request.headers.get(REQUEST_ID_HEADER)) or str(uuid.uuid4())
    g.correlation_id = accept_id(request.headers.get(CORRELATION_ID_HEADER)) or g.request_id


def _echo(response: Response) -> Response:
    request_id, correlation_id = current_ids()
    if request_id:
        response.headers[REQUEST_ID_HEADER] = request_id
        response.headers[CORRELATION_ID_HEADER] = correlation_id or request_id
    return response


def install_request_context(app: Flask) -> None:
    # Registered first so that every later hook, handler and log line sees the ids.
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)
    app.after_request(_echo)
