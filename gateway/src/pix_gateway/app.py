"""The gateway's app: routing to the services, security headers, pages (DESIGN.md §6).

It shares the services' plumbing (ids, JSON errors, logs, metrics, /health) but not their
JSON-only rule: what a body may be is each service's business. Token checks and rate
limits come with authentication.
"""
from __future__ import annotations

import requests
from flask import Flask, Response
from pixkit.settings import Settings
from pixkit.web.app import create_base_app
from werkzeug.exceptions import NotFound

from . import openapi, pages, proxy
from .routes import SERVICES, service_for

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
        requests.get(f"{url}/health", timeout=(1.0, 2.0)).raise_for_status()
    return check


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env("gateway")
    urls = settings.service_urls
    app = create_base_app(settings, "gateway", json_only=False, messages=proxy.MESSAGES,
                          ready_checks={s: service_alive(urls.get(s)) for s in SERVICES})
    app.after_request(_secure)

    def to_service(rest: str) -> Response:
        service = service_for(f"/api/{rest}")
        if service is None:
            raise NotFound()
        return proxy.forward(service, urls.get(service))

    pages.install(app, settings)  # the web shell: /, /inscription, /connexion, /mon-compte…
    app.add_url_rule("/api/openapi.json", "api_openapi", lambda: openapi.aggregated(urls), methods=["GET"])
    app.add_url_rule("/api/<path:rest>", "to_service", to_service, methods=METHODS,
                     provide_automatic_options=False)
    return app
