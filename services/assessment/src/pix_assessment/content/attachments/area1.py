"""Attachments of the challenges of area1 (see ../FORMAT.md)."""
from __future__ import annotations
