"""The campaigns feature's HTTP API (one flask-smorest blueprint per feature)."""
from __future__ import annotations

BLUEPRINTS: list = []
