"""Certification's HTTP entrypoint. No API yet: only the plumbing's /health, /ready, /metrics,
/openapi.json and /docs (see the README's canvas for what comes)."""
from __future__ import annotations

from flask import Flask
from pixkit.settings import Settings
from pixkit.web.service_app import create_service_app

from .. import config
from ..bootstrap import bootstrap
from .errors import ERRORS
from .messages import MESSAGES


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None) -> Flask:
    return create_service_app(settings or config.load_settings(), config.SERVICE, bootstrap,
                              errors=ERRORS, messages=MESSAGES, service_container=service_container,
                              ready_checks=ready_checks)
