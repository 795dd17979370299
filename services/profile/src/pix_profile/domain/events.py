"""Events profile publishes on pix.profile.events (key: user id)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileUpdated:
    """The whole profile after a change (event-carried state): consumers keep the latest."""
    user_id: str
    total_pix: int
    competences: tuple[dict, ...]  # 16 × {code, level, pix, progress}, in framework order
    updated_at: str
