"""What profile's rules refuse. Which HTTP answer each becomes is entrypoints/errors.py's
business, its texts entrypoints/messages.py's."""
from __future__ import annotations

from pixkit.errors import DomainError


class ProfileNotFound(DomainError):
    """No profile for this person: never registered (yet), or erased."""

    code = "PROFILE_NOT_FOUND"
