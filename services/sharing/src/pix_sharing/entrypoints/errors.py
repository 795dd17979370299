"""Sharing's domain errors → HTTP statuses, the one table handed to create_base_app, merged
from each feature's own table."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable

from . import campaigns_errors, organizations_errors, shares_errors, space_errors

ERRORS: ErrorTable = {**organizations_errors.ERRORS, **shares_errors.ERRORS, **space_errors.ERRORS,
                      **campaigns_errors.ERRORS}
