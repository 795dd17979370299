"""Sharing's settings: the shared ones, read from the environment."""
from __future__ import annotations

from pixkit.settings import Settings

SERVICE = "sharing"
PEOPLE_TOPIC = "pix.identity.people"
IDENTITY_EVENTS = "pix.identity.events"
PROFILE_EVENTS = "pix.profile.events"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
