"""Certification's HTTP entrypoint: one blueprint per feature (so far eligibility), beside the
plumbing's /health, /ready, /metrics, /openapi.json and /docs."""
from __future__ import annotations

from flask import Flask
from pixkit.settings import Settings
from pixkit.web.service_app import create_service_app

from .. import config
from ..bootstrap import bootstrap
from .centers_api import centers
from .eligibility_api import eligibility
from .errors import ERRORS
from .exam_api import exam, invigilation
from .messages import MESSAGES
from .results_api import results
from .sessions_api import IMPORT_BODY_BYTES, IMPORT_PATH, center_sessions

BODY_LIMITS = {IMPORT_PATH: IMPORT_BODY_BYTES}  # a candidate list, base64 in JSON: more than other bodies


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None,
               verifier=None) -> Flask:
    return create_service_app(settings or config.load_settings(), config.SERVICE, bootstrap,
                              blueprints=[eligibility, centers, center_sessions, exam, invigilation, results],
                              errors=ERRORS, messages=MESSAGES, body_limits=BODY_LIMITS,
                              service_container=service_container, ready_checks=ready_checks,
                              verifier=(lambda: verifier) if verifier else None)
