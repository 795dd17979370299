"""The organization space's domain errors → HTTP statuses, and their texts in French and English."""
from __future__ import annotations

from pixkit.web.errors import ErrorTable
from pixkit.web.messages import Catalog

ERRORS: ErrorTable = {}
MESSAGES: Catalog = {}
