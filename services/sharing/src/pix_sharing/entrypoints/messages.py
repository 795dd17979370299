"""Sharing's error codes in French and English (added to pixkit.web's catalog), merged from
each feature's own texts."""
from __future__ import annotations

from pixkit.web.messages import Catalog

from . import campaigns_errors, organizations_errors, shares_errors, space_errors

MESSAGES: Catalog = {**organizations_errors.MESSAGES, **shares_errors.MESSAGES, **space_errors.MESSAGES,
                     **campaigns_errors.MESSAGES}
