"""Identity's settings: the shared ones from the environment, and its own constants."""
from __future__ import annotations

import os
from datetime import timedelta

from pix_contracts import topics
from pixkit.settings import Settings

SERVICE = "identity"
IDENTITY_EVENTS = topics.IDENTITY_EVENTS  # its own topic: the mailer reads PasswordResetRequested
PEOPLE = topics.PEOPLE  # each person's current data, fed by its people relay (compacted)

# An email reservation whose sign-up never appended UserRegistered (the process died in
# between) can be taken over after this delay, far beyond any request's lifetime.
RESERVATION_TTL = timedelta(minutes=2)

# Logins per minute from one client address (PIX_IDENTITY_LOGIN_IP_LIMIT). The address is
# the last hop of X-Forwarded-For from a trusted proxy (the gateway), else the peer (pixkit.web.client).
LOGIN_IP_LIMIT = 30


def login_ip_limit(env: dict | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("PIX_IDENTITY_LOGIN_IP_LIMIT", LOGIN_IP_LIMIT))


# Leading zero bits of the sign-up proof of work (PIX_IDENTITY_ROBOT_DIFFICULTY): 2^16
# SHA-256 in the browser is a second or two; the test stack lowers it.
ROBOT_DIFFICULTY = 16


def robot_difficulty(env: dict | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("PIX_IDENTITY_ROBOT_DIFFICULTY", ROBOT_DIFFICULTY))


def public_url(env: dict | None = None) -> str:
    """Where people open the platform: the links in mails point there (PIX_PUBLIC_URL)."""
    env = os.environ if env is None else env
    return env.get("PIX_PUBLIC_URL", "http://localhost:8000").rstrip("/")


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
