"""Attachments of the challenges of area45 (see ../FORMAT.md)."""
from __future__ import annotations
