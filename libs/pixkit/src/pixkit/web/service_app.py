"""`create_service_app`: what every service's `create_app(config)` does, said once.

The base app (pixkit.web.app) with the service's own error table and texts, its
blueprints, its container built by its composition root on first use, and the verifier
of access tokens (identity's published keys unless the service brings its own).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Flask
from flask_smorest import Blueprint

from pixkit.auth import TokenVerifier
from pixkit.settings import Settings

from . import access
from .app import api_of, create_base_app, use_container
from .errors import ErrorTable
from .messages import Catalog
from .probes import Check


def create_service_app(settings: Settings, service: str, bootstrap: Callable[[Settings], Any], *,
                       blueprints: Iterable[Blueprint] = (), errors: ErrorTable | None = None,
                       messages: Catalog | None = None, service_container: Any = None,
                       ready_checks: Mapping[str, Check] | None = None,
                       verifier: Callable[[], TokenVerifier] | None = None,
                       body_limits: Mapping[str, int] | None = None) -> Flask:
    """`service_container` and `verifier` replace the real ones in tests; `body_limits` as
    create_base_app takes them."""
    app = create_base_app(settings, service, messages=messages, errors=errors, ready_checks=ready_checks,
                          body_limits=body_limits)
    for blueprint in blueprints:
        api_of(app).register_blueprint(blueprint)
    use_container(app, lambda: service_container or bootstrap(settings))
    access.use_verifier(app, verifier or (lambda: access.verifier_for(settings)))
    return app
