"""The platform roles identity grants; they travel in access tokens (`roles` claim)."""
from __future__ import annotations

PLATFORM_ROLES: tuple[str, ...] = ("SUPER_ADMIN", "SUPPORT", "CERTIF")
