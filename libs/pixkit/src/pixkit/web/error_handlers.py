"""Every error leaves a service as JSON `{"code", "message", "details"}` (docs/architecture.md §6).

HTTP errors (routing, body size, content type, invalid JSON, webargs validation), domain
errors and the table's exceptions get their status and code; anything else is a bug: it is
logged with its traceback and answered 500 with a generic body, never the exception text.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, jsonify
from werkzeug.exceptions import HTTPException

from ..errors import DomainError
from .context import request_language
from .errors import HTTP_CODES, classify
from .messages import message

log = logging.getLogger("pix.errors")


def error_response(status: int, code: str, details: dict[str, Any] | None = None,
                   params: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Response:
    state = current_app.extensions["pix"]
    language = request_language()
    body = {"code": code, "message": message(state.messages, code, language, params), "details": details or {}}
    response = jsonify(body)
    response.status_code = status
    response.headers["Content-Language"] = language
    response.headers.add("Vary", "Accept-Language")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages: Any, language: str) -> dict[str, list[dict[str, str]]]:
    """Flatten webargs messages ({location: {field: [code]}}) into {"a.b": [{code, message}]}:
    the location level ("json", "query") is dropped, nested fields get dotted paths."""
    catalog = current_app.extensions["pix"].messages
    out: dict[str, list[dict[str, str]]] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item, path)
        else:
            code = str(node)
            out.setdefault(path or "_schema", []).append(
                {"code": code, "message": message(catalog, code, language, fallback="INVALID")})

    by_location = messages if isinstance(messages, dict) and set(messages) <= _LOCATIONS else {"": messages}
    for node in by_location.values():
        walk(node, "")
    return out


_LOCATIONS = {"json", "query", "querystring", "form", "headers", "cookies", "files", "view_args", "path"}


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code = HTTP_CODES.get(status, "HTTP_ERROR")
    data = getattr(error, "data", None) or {}
    details: dict[str, Any] = {}
    params: dict[str, Any] = {}
    if status == 400 and isinstance(getattr(error, "exc", None), ValueError):
        code = "INVALID_JSON"  # webargs: json.JSONDecodeError or UnicodeDecodeError
    if status == 413:
        params["limit"] = current_app.config.get("MAX_CONTENT_LENGTH")
    if status == 422 and "messages" in data:
        details = {"fields": field_errors(data["messages"], request_language())}
    # Keep what the protocol needs (Allow on a 405, Retry-After…), not werkzeug's HTML type.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    if status >= 500:
        log.error("HTTP %d: %s", status, error.description)
    return error_response(status, code, details, params, headers)


def handle_exception(exc: Exception) -> Response:
    state = current_app.extensions["pix"]
    known = classify(exc, state.errors)
    if known is None:
        log.exception("unexpected error")
        return error_response(500, "INTERNAL_ERROR")
    status, code = known
    if status >= 500:
        log.warning("%s: %s", code, exc, exc_info=exc)
    details = exc.details if isinstance(exc, DomainError) else {}
    params = exc.params if isinstance(exc, DomainError) else {}
    return error_response(status, code, details, params)


def register_error_handlers(app: Flask) -> None:
    # flask-smorest registers its own HTTPException handler; PixApi routes it here, and
    # this registration covers apps (the gateway's routes) that do not use the Api.
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_exception)
