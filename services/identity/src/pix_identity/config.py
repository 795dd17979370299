"""Identity's settings: the shared ones from the environment, and its own constants."""
from __future__ import annotations

import os
from datetime import timedelta

from pixkit.settings import Settings

SERVICE = "identity"

# An email reservation whose sign-up never appended UserRegistered (the process died in
# between) can be taken over after this delay, far beyond any request's lifetime.
RESERVATION_TTL = timedelta(minutes=2)

# Logins per minute from one client address (PIX_IDENTITY_LOGIN_IP_LIMIT). The address is
# the last hop of X-Forwarded-For when the gateway sets it, else the peer's.
LOGIN_IP_LIMIT = 30


def login_ip_limit(env: dict | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("PIX_IDENTITY_LOGIN_IP_LIMIT", LOGIN_IP_LIMIT))


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
