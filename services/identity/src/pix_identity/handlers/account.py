"""What one does with one's own account: rename it, delete it (GDPR, docs/architecture.md §5)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from pixkit.events import EventCodec, Meta
from pixkit.store import EventStore

from ..adapters.accounts import AccountBook
from ..adapters.people import PeopleOutbox, person_value
from ..domain.errors import InvalidSession
from ..domain.events import UserAnonymized
from ..domain.registration import normalize_email, user_stream
from ..domain.sessions import DeleteAccount, Rename
from .revocations import Revoker
from .signup import iso_utc


def _account(accounts: AccountBook, user_id: str) -> dict:
    account = accounts.get(user_id)
    if account is None:  # erased meanwhile: the token outlived its person
        raise InvalidSession()
    return account


def rename(command: Rename, meta: Meta, *, accounts: AccountBook, people: PeopleOutbox,
           clock: Callable[[], datetime]) -> dict:
    account, now = _account(accounts, command.user_id), clock()
    changes = {k: v for k, v in (("first_name", command.first_name), ("last_name", command.last_name))
               if v is not None}
    if changes:
        accounts.rename(command.user_id, changes, now)
        account = {**account, **changes}
        people.publish(command.user_id, person_value(command.user_id, account["first_name"], account["last_name"],
                                                     account["email"], iso_utc(now)), now)
    return account


def delete_account(command: DeleteAccount, meta: Meta, *, accounts: AccountBook, people: PeopleOutbox,
                   store: EventStore, codec: EventCodec, revoker: Revoker, clock: Callable[[], datetime]) -> None:
    """Tombstones the person, appends UserAnonymized, then erases identity's copy: a crash
    before the erasure leaves the account usable, so deleting again completes it (consumers
    take a second UserAnonymized as a no-op)."""
    account, now = _account(accounts, command.user_id), clock()
    people.publish(command.user_id, None, now)
    stream = user_stream(command.user_id)
    event = codec.encode(UserAnonymized(user_id=command.user_id, anonymized_at=iso_utc(now)))
    version = store.load(stream).version
    store.append(stream, version, [event], key=command.user_id, meta=replace(meta, actor=meta.actor or command.user_id))
    revoker.erased(command.user_id)  # every service refuses the person's tokens from UserAnonymized
    accounts.erase(command.user_id, normalize_email(account["email"]), now)
