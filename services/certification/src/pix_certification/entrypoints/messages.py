"""Certification's error codes in French and English (added to pixkit.web's catalog). None yet."""
from __future__ import annotations

from pixkit.web.messages import Catalog

MESSAGES: Catalog = {}
