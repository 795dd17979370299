"""Certification's domain errors → HTTP statuses, the one table handed to create_base_app,
merged from each feature's own table."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable

from . import candidates_errors, centers_errors, scoring_errors, sessions_errors

ERRORS: ErrorTable = {**scoring_errors.ERRORS, **candidates_errors.ERRORS,
                       **sessions_errors.ERRORS, **centers_errors.ERRORS}
