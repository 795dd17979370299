"""Certification's HTTP entrypoint. No API yet: only the plumbing's /health, /ready, /metrics,
/openapi.json and /docs (see the README's canvas for what comes)."""
from __future__ import annotations

from flask import Flask
from pixkit.settings import Settings
from pixkit.web.app import create_base_app, use_container

from .. import config
from ..bootstrap import bootstrap
from .errors import ERRORS
from .messages import MESSAGES


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None) -> Flask:
    settings = settings or config.load_settings()
    app = create_base_app(settings, config.SERVICE, messages=MESSAGES, errors=ERRORS,
                          ready_checks=ready_checks)
    use_container(app, lambda: service_container or bootstrap(settings))
    return app
