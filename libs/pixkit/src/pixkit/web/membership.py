"""Membership checked by the service itself on every request (docs/architecture.md §6): the
caller's verified claims (`access.caller()`, signature then revocations), then their role in
the scope from the service's own `memberships` read model (pixkit.memberships), one `_id`
find. A refusal is the same Forbidden whether the scope does not exist, the caller is not a
member, or their role is not enough, so that an answer never tells one scope from another."""
from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

from ..auth import Claims
from ..errors import Forbidden
from ..memberships import Memberships, memberships_of
from .access import caller
from .app import container

__all__ = ["require_member"]


def _memberships() -> Memberships:
    extensions = current_app.extensions
    if "pix_memberships" not in extensions:
        extensions["pix_memberships"] = memberships_of(container().db)
    return extensions["pix_memberships"]


def require_member(scope: str, scope_id: str, roles: Iterable[str] | None = None, *,
                   platform_roles: Iterable[str] = ()) -> tuple[Claims, str | None]:
    """(claims, role) when the caller holds one of `roles` in the scope (any role when None);
    else, when they hold one of `platform_roles` (e.g. SUPER_ADMIN reading any organization),
    (claims, None) unless they are also a member with an accepted role; else Forbidden.
    An id that cannot name a scope is refused the same way."""
    if isinstance(roles, str) or isinstance(platform_roles, str):
        raise TypeError("roles are given as a collection of names, not one string")
    claims = caller()
    try:
        role = _memberships().role_of(scope, scope_id, claims.user_id)
    except ValueError:
        role = None
    wanted = None if roles is None else set(roles)
    if role is not None and (wanted is None or role in wanted):
        return claims, role
    if set(claims.roles) & set(platform_roles):
        return claims, None
    raise Forbidden()
