"""Attachments of the challenges of area23 (see ../FORMAT.md)."""
from __future__ import annotations
