"""The admin space's commands on accounts (docs/domain.md §8): platform roles, anonymization.

Platform roles are identity's; membership roles (organization ADMIN/MEMBER, center roles)
belong to sharing and certification.
"""
from __future__ import annotations

from dataclasses import dataclass

from pixkit.roles import PLATFORM_ROLES

# Who may do what in the admin space.
GRANT_ROLES = ("SUPER_ADMIN",)
ANONYMIZE = ("SUPER_ADMIN", "SUPPORT")
READ_ACCOUNTS = ("SUPER_ADMIN", "SUPPORT")


@dataclass(frozen=True)
class SetRoles:
    user_id: str
    roles: tuple[str, ...]
    by: str


@dataclass(frozen=True)
class AnonymizeUser:
    user_id: str
    by: str


@dataclass(frozen=True)
class ReadAccount:
    user_id: str


@dataclass(frozen=True)
class FindAccount:
    email: str


@dataclass(frozen=True)
class CreateAdmin:
    """An operator's command (CLI): the account if needed, and the SUPER_ADMIN role."""
    email: str
    first_name: str
    last_name: str
    password: str


__all__ = ["FindAccount", "ANONYMIZE", "GRANT_ROLES", "PLATFORM_ROLES", "READ_ACCOUNTS", "AnonymizeUser", "CreateAdmin",
           "ReadAccount", "SetRoles"]
