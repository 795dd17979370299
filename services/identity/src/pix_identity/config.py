"""Identity's settings: the shared ones from the environment, and its own constants."""
from __future__ import annotations

from datetime import timedelta

from pixkit.settings import Settings

SERVICE = "identity"

# An email reservation whose sign-up never appended UserRegistered (the process died in
# between) can be taken over after this delay, far beyond any request's lifetime.
RESERVATION_TTL = timedelta(minutes=2)


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
