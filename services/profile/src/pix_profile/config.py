"""Profile's settings: the shared ones, read from the environment."""
from __future__ import annotations

from pixkit.settings import Settings

SERVICE = "profile"
IDENTITY_EVENTS = "pix.identity.events"
ASSESSMENT_EVENTS = "pix.assessment.events"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
