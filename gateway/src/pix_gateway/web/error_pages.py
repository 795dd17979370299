"""Errors met on the web pages, as pages: a browser that opens an unknown address (a typo,
`/mon-profil/`, a missing static file) or a form's address by hand (405) gets an HTML page
in the language of the pages (i18n.language) with a way back, never the APIs' JSON.
`/api/…` and the cluster's own paths (/health, /metrics…) keep pixkit's JSON errors.

The answer is pixkit's (status, headers such as Allow or Retry-After, the log of a 5xx):
only its body becomes the page."""
from __future__ import annotations

from flask import Flask, Response, render_template, request
from pixkit.web.error_handlers import handle_exception, handle_http_exception
from werkzeug.exceptions import HTTPException

from .. import edge
from .i18n import t

MACHINE_PATHS = edge.INTERNAL_PATHS | edge.ON_BOTH_PORTS
# status → (title, message) text keys; any other 4xx is "bad request", any 5xx "unexpected"
PAGES = {404: ("error.notFound.title", "error.notFound"),
         405: ("error.method.title", "error.method"),
         413: ("error.title", "error.tooLarge"),
         429: ("error.title", "error.tooMany"),
         503: ("error.title", "error.unavailable")}


def is_page_path(path: str) -> bool:
    """Whether a person's browser, rather than a program, is expected at `path`."""
    return not (path == "/api" or path.startswith("/api/") or path in MACHINE_PATHS)


def as_page(answer: Response) -> Response:
    status = answer.status_code
    title, message = PAGES.get(status) or (("error.title", "error.unexpected") if status >= 500
                                           else ("error.title", "error.badRequest"))
    page = Response(render_template("error.html", title=t(title), message=t(message)), status=status,
                    mimetype="text/html")
    for name in ("Allow", "Retry-After"):
        if name in answer.headers:
            page.headers[name] = answer.headers[name]
    return page


def install(app: Flask) -> None:
    """Replaces the app's (pixkit's) handlers by ones that keep them for the APIs."""

    def on_http_error(error: HTTPException) -> Response:
        answer = handle_http_exception(error)
        return as_page(answer) if is_page_path(request.path) else answer

    def on_exception(exc: Exception) -> Response:
        answer = handle_exception(exc)
        return as_page(answer) if is_page_path(request.path) else answer

    app.register_error_handler(HTTPException, on_http_error)
    app.register_error_handler(Exception, on_exception)
