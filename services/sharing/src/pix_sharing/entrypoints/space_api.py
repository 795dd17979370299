"""The organization space's HTTP API: the shared-profiles table, snapshots, figures, exports."""
from __future__ import annotations

BLUEPRINTS: list = []
