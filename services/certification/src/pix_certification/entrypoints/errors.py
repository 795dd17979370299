"""Certification's domain errors → HTTP statuses, the one table handed to create_base_app.
Empty for now: certification's domain refuses nothing yet (domain/errors.py)."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable

ERRORS: ErrorTable = {}
