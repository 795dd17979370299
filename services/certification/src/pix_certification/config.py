"""Certification's settings: the shared ones, read from the environment."""
from __future__ import annotations

from pixkit.settings import Settings

SERVICE = "certification"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)


def public_url(env) -> str:
    """Where people open the platform: mails' links and certificates' QR codes point there
    (PIX_PUBLIC_URL)."""
    return env.get("PIX_PUBLIC_URL", "http://localhost:8000").rstrip("/")
