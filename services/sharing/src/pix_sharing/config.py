"""Sharing's settings: the shared ones, read from the environment."""
from __future__ import annotations

from pixkit.settings import Settings

SERVICE = "sharing"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
