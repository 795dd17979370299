"""Certification's error codes in French and English (added to pixkit.web's catalog), merged
from each feature's own texts."""
from __future__ import annotations

from pixkit.web.messages import Catalog

from . import candidates_errors, centers_errors, scoring_errors, sessions_errors

MESSAGES: Catalog = {**scoring_errors.MESSAGES, **candidates_errors.MESSAGES,
                         **sessions_errors.MESSAGES, **centers_errors.MESSAGES}
