"""Assessment's settings: the shared ones from the environment, and its own."""
from __future__ import annotations

import os

from pixkit.settings import Settings

from .domain.scoring import DEFAULT_MAX_LEVEL, FRAMEWORK_MAX_LEVEL

SERVICE = "assessment"


def max_level(env: dict | None = None) -> int:
    """The highest level a person can reach (PIX_MAX_LEVEL): 5 today, up to 8 later."""
    env = os.environ if env is None else env
    level = int(env.get("PIX_MAX_LEVEL", DEFAULT_MAX_LEVEL))
    if not 1 <= level <= FRAMEWORK_MAX_LEVEL:
        raise ValueError(f"PIX_MAX_LEVEL must be 1..{FRAMEWORK_MAX_LEVEL}")
    return level


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
