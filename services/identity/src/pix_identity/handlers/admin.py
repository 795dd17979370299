"""The admin space on accounts: read one, set its platform roles, anonymize it; and the
operators' command that makes the first super admin."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from pixkit.events import Meta

from ..adapters.accounts import AccountBook
from ..domain.admin import (
    AnonymizeUser,
    CreateAdmin,
    FindAccount,
    ReadAccount,
    SetRoles,
)
from ..domain.errors import CannotDemoteSelf, UserNotFound
from ..domain.registration import normalize_email
from ..domain.sessions import DeleteAccount
from .account import delete_account
from .revocations import Revoker
from .signup import create_account

log = logging.getLogger("pix.identity.admin")


def _existing(accounts: AccountBook, user_id: str) -> dict:
    account = accounts.get(user_id)
    if account is None:
        raise UserNotFound()
    return account


def read_account(query: ReadAccount, meta, *, accounts: AccountBook) -> dict:
    return _existing(accounts, query.user_id)


def find_account(query: FindAccount, meta, *, accounts: AccountBook) -> dict:
    """By email (any letter case): the support's way in when a person calls."""
    account = accounts.by_email(normalize_email(query.email))
    if account is None:
        raise UserNotFound()
    return account


def set_roles(command: SetRoles, meta: Meta, *, accounts: AccountBook, revoker: Revoker,
              clock: Callable[[], datetime]) -> dict:
    account = _existing(accounts, command.user_id)
    if command.user_id == command.by and "SUPER_ADMIN" not in command.roles:
        raise CannotDemoteSelf()
    roles = sorted(set(command.roles))
    accounts.set_roles(command.user_id, roles, command.by, clock())
    # A removed role must not outlive the tokens that carry it: they are all revoked, and the
    # next refresh signs the new roles. A role granted needs nothing: it comes with that refresh.
    if set(account.get("roles", [])) - set(roles):
        epoch = accounts.raise_epoch(command.user_id)
        revoker.sessions_from(command.user_id, epoch, "roles_changed", replace(meta, actor=command.by))
    # An audit line with ids only.
    log.info("platform roles set", extra={"user_id": command.user_id, "roles": roles, "by": command.by})
    return {**account, "roles": roles}


def anonymize_user(command: AnonymizeUser, meta: Meta, **deps) -> None:
    """The same erasure as a person deleting their own account, with the admin as actor."""
    _existing(deps["accounts"], command.user_id)
    log.info("account anonymized by an admin", extra={"user_id": command.user_id, "by": command.by})
    delete_account(DeleteAccount(command.user_id), Meta(meta.correlation_id, meta.causation_id, command.by), **deps)


def create_admin(command: CreateAdmin, meta: Meta, *, accounts: AccountBook, clock: Callable[[], datetime],
                 **deps) -> tuple[str, bool]:
    """Returns (user id, created). An existing account keeps its password and gets the role."""
    account = accounts.by_email(normalize_email(command.email))
    created = account is None
    if created:
        user_id = create_account(command.first_name, command.last_name, command.email, command.password, "fr",
                                 meta, accounts=accounts, clock=clock, **deps).user_id
    else:
        user_id = account["_id"]
    roles = sorted({*(account or {}).get("roles", []), "SUPER_ADMIN"})
    accounts.set_roles(user_id, roles, "operator", clock())
    return user_id, created
