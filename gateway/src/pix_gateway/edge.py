"""The gateway's edge (docs/adr/0007-gateway-edge.md): the first hooks of every request.

- **One path.** The request's path is decided (edge_path.decide) before any other hook
  (rate limits, token check, CSRF, routing to a service): a path that is not in its one
  normal form is refused with a 400, JSON under /api/, an error page elsewhere.
- **Two ports.** Metrics, readiness and the gateway's own OpenAPI and /docs are for the
  cluster: served on the internal port (PIX_INTERNAL_BIND) only, and 404 on the public
  one; the internal port serves nothing else but /health. The port is the one the
  connection came in on (the socket's), never the Host header.
- **HSTS** on every answer to an HTTPS request (request.is_secure: behind
  PIX_TRUSTED_PROXY_HOPS, ProxyFix takes it from the trusted hop's X-Forwarded-Proto).
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask, Response, render_template, request
from pixkit.errors import DomainError
from werkzeug.exceptions import NotFound

from . import edge_path

INTERNAL_PATHS = frozenset({"/metrics", "/ready", "/docs", "/openapi.json"})
ON_BOTH_PORTS = frozenset({"/health"})  # liveness, from the kubelet or anyone: it says nothing
HSTS = "max-age=31536000; includeSubDomains"


class InvalidPath(DomainError):
    code = "INVALID_PATH"


MESSAGES = {
    "INVALID_PATH": {"fr": "Cette adresse n'est pas valide : retirez les « . », « .. », « // », « \\ » et les "
                           "caractères encodés inutilement.",
                     "en": "This address is not valid: remove the '.', '..', '//', '\\' and needlessly "
                           "encoded characters."},
}


def internal_port(env: Mapping[str, str]) -> int | None:
    """The port of PIX_INTERNAL_BIND (host:port); None when the process has no internal port."""
    bind = env.get("PIX_INTERNAL_BIND", "")
    _, _, port = bind.rpartition(":")
    return int(port) if port.isdigit() else None


def listener_port(environ: dict) -> int | None:
    """The local port of the connection: gunicorn's and werkzeug's sockets, else SERVER_PORT
    (which gunicorn and werkzeug also take from the listener on a TCP bind)."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    if sock is not None:
        try:
            return int(sock.getsockname()[1])
        except (OSError, IndexError, TypeError, ValueError):
            pass
    port = str(environ.get("SERVER_PORT", ""))
    return int(port) if port.isdigit() else None


def _page_refusal() -> Response:
    from .web import i18n

    message = MESSAGES["INVALID_PATH"][i18n.language()]
    return Response(render_template("error.html", message=message), status=400, mimetype="text/html")


def install(app: Flask, *, internal: int | None) -> None:
    """Call right after create_base_app: Flask runs before_request hooks in the order they
    were registered, and these must come before every hook that reads the path."""

    @app.before_request
    def decide_path() -> Response | None:
        path = request.path
        raw = edge_path.raw_path(request.environ)
        decided = edge_path.decide(edge_path.encoded(path) if raw is None else raw, path)
        if isinstance(decided, edge_path.Refusal):
            if path.startswith("/api/") or (raw or "").startswith("/api/"):
                raise InvalidPath(details={"reason": decided.reason})
            return _page_refusal()
        return None

    @app.before_request
    def split_ports() -> None:
        on_internal = internal is not None and listener_port(request.environ) == internal
        if request.path in ON_BOTH_PORTS:
            return
        if (request.path in INTERNAL_PATHS) != on_internal:
            raise NotFound()

    @app.after_request
    def strict_transport(response: Response) -> Response:
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
