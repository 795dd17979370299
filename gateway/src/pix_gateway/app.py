"""The gateway's app: routing to the services, security headers, pages (docs/architecture.md §6).

It shares the services' plumbing (ids, JSON errors, logs, metrics, /health) but not their
JSON-only rule: what a body may be is each service's business. security.py holds the
guards: which routes need an access token, rate limits, CORS.

Client address: behind PIX_TRUSTED_PROXY_HOPS proxies (the ingress in production), the
address is taken from their X-Forwarded-For; with 0 (a bare `make up`) it is the peer's.
Nothing a client writes in X-Forwarded-For is trusted beyond those hops.

The edge (edge.py) runs first: one decided path, the internal port for metrics and
readiness, HSTS on HTTPS. Calls to the services go through upstream.py.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from flask import Flask, Response, render_template
from pixkit.auth import TokenVerifier
from pixkit.settings import Settings
from pixkit.web import mongo
from pixkit.web.app import create_base_app
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api_docs_page, edge, openapi, proxy, security, upstream, web
from .errors import ERRORS
from .routes import SERVICES, service_for
from .web import i18n

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
                               "form-action 'self'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def service_alive(url: str | None):
    def check() -> None:
        if not url:
            raise LookupError("no URL configured")
        upstream.get(url, "/health", timeout=(1.0, 2.0)).raise_for_status()
    return check


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _page_refusal(wait: int) -> Response:
    return Response(render_template("error.html", message=i18n.t("error.tooMany")), status=429)


# A certification center's candidate list, as the API takes it (base64 in JSON) and as its page
# uploads it (a multipart form): up to 2 MiB of spreadsheet (docs/domain.md §6).
SPREADSHEET_BYTES = 2 * 1024 * 1024
BODY_LIMITS = {r"/api/certification/sessions/[^/]+/candidates/import": SPREADSHEET_BYTES * 4 // 3 + 64 * 1024,
               r"/sessions-de-certification/[^/]+/import": SPREADSHEET_BYTES + 64 * 1024}


def default_verify(urls: dict[str, str]) -> Callable[[str], object]:
    """Access tokens checked against identity's published keys (fetched on an unknown kid)."""
    identity = urls.get("identity")
    return TokenVerifier(jwks_url=f"{identity}/api/.well-known/jwks.json" if identity else None).verify


def create_app(settings: Settings | None = None, *, verify: Callable[[str], object] | None = None,
               limiter: security.RateLimiter | None = None, env: dict | None = None) -> Flask:
    settings = settings or Settings.from_env("gateway")
    env = os.environ if env is None else env
    urls = settings.service_urls
    app = create_base_app(settings, "gateway", json_only=False,
                          messages={**proxy.MESSAGES, **security.MESSAGES, **edge.MESSAGES}, errors=ERRORS,
                          ready_checks={s: service_alive(urls.get(s)) for s in SERVICES}, body_limits=BODY_LIMITS)
    edge.install(app, internal=edge.internal_port(env))  # first: every later hook reads the decided path
    upstream.configure(env.get("PIX_GATEWAY_SOURCE_ADDRESS"))
    app.after_request(_secure)
    hops = int(env.get("PIX_TRUSTED_PROXY_HOPS", "0"))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    limiter = limiter or security.RateLimiter(lambda: mongo.database(settings)["rate_limits"],
                                              security.parse_limits(env.get("PIX_RATE_LIMITS")))
    security.install(app, verify=verify or default_verify(urls), limiter=limiter,
                     cors_origins=security.cors_origins_from_env(), page_refusal=_page_refusal,
                     routed=lambda path: service_for(path) is not None)

    def to_service(rest: str) -> Response:
        service = service_for(f"/api/{rest}")
        if service is None:
            raise NotFound()
        return proxy.forward(service, urls.get(service))

    web.install(app, settings)  # the pages: /, /inscription, /connexion, /mon-compte…
    app.add_url_rule("/api/openapi.json", "api_openapi", lambda: openapi.aggregated(urls), methods=["GET"])
    api_docs_page.install(app)  # /api/docs: that document as a page for people
    app.add_url_rule("/api/<path:rest>", "to_service", to_service, methods=METHODS,
                     provide_automatic_options=False)
    return app
