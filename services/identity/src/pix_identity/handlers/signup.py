"""Sign-up. Writes in an order that a crash at any point cannot corrupt: reserve the email,
store the account, queue the person's data for pix.identity.people, append UserRegistered.
A sign-up that fails after reserving undoes its writes and frees the address at once
(`_undo`), so that a failing request cannot hold an address. Only a process that dies in
between, or a failure whose outcome is unknown, leaves its reservation behind: after
RESERVATION_TTL another sign-up takes it over, forgets the old account and tombstones its person.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from pixkit.events import EventCodec, Meta
from pixkit.store import EventStore

from ..adapters.accounts import AccountBook
from ..adapters.people import PeopleOutbox, person_value
from ..domain.errors import EmailTaken
from ..domain.events import UserRegistered
from ..domain.registration import Registered, RegisterUser, normalize_email, user_stream
from .robot import RobotGate

log = logging.getLogger("pix.identity.signup")


def iso_utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _claim_email(email: str, user_id: str, now: datetime, *, accounts: AccountBook, store: EventStore,
                 people: PeopleOutbox, ttl: timedelta) -> None:
    for _ in range(2):  # a second try covers a reservation that vanished in between
        if accounts.reserve(email, user_id, now):
            return
        holder = accounts.reservation(email)
        if holder is None:
            continue
        registered = store.load(user_stream(holder.user_id)).version > 0
        if registered or now - holder.reserved_at < ttl or not accounts.take_over(holder, user_id, now):
            raise EmailTaken()
        accounts.forget(holder.user_id)
        people.publish(holder.user_id, None, now)
        return
    raise EmailTaken()


def register_user(command: RegisterUser, meta: Meta, *, robot_gate: RobotGate, **deps) -> Registered:
    robot_gate.admit(command.robot_proof)  # cheap, and before the costly hash
    return create_account(command.first_name, command.last_name, command.email, command.password, command.locale,
                          meta, **deps)


def create_account(first_name: str, last_name: str, email: str, password: str, locale: str, meta: Meta, *,
                   accounts: AccountBook, store: EventStore, people: PeopleOutbox, codec: EventCodec,
                   hash_password: Callable[[str], str], clock: Callable[[], datetime], new_id: Callable[[], str],
                   reservation_ttl: timedelta) -> Registered:
    """An account as sign-up makes it; also used by operators' tools (first admin)."""
    user_id, now = new_id(), clock()
    password_hash = hash_password(password)  # slow: done before the email is held
    key = normalize_email(email)
    _claim_email(key, user_id, now, accounts=accounts, store=store, people=people, ttl=reservation_ttl)
    person_queued = False
    try:
        accounts.save(user_id, first_name, last_name, email, password_hash, locale, now)
        person_queued = True  # from here on, even a failed publish may have written the intent
        people.publish(user_id, person_value(user_id, first_name, last_name, email, iso_utc(now)), now)
        event = UserRegistered(user_id=user_id, locale=locale, registered_at=iso_utc(now))
        # Signing up is the person's own act: they are its actor unless someone acted for them.
        meta = replace(meta, actor=meta.actor or user_id)
        appended = store.append(user_stream(user_id), 0, [codec.encode(event)], key=user_id, meta=meta)
    except BaseException:
        _undo(key, user_id, now, person_queued, accounts=accounts, store=store, people=people)
        raise
    return Registered(user_id, first_name, last_name, email, appended[-1].position)


def _undo(email: str, user_id: str, now: datetime, person_queued: bool, *, accounts: AccountBook,
          store: EventStore, people: PeopleOutbox) -> None:
    """Forget a sign-up that failed after its reservation, then free the address. The
    reservation goes last, so that an undo cut short leaves it to the takeover, which
    finishes the job; and it stays when UserRegistered was stored after all (an error
    after the write): then the account exists."""
    try:
        if store.load(user_stream(user_id)).version > 0:
            return
        accounts.forget(user_id)
        if person_queued:
            people.publish(user_id, None, now)
        accounts.release(email, user_id)
    except Exception:  # the store is away: the takeover after RESERVATION_TTL will clean up
        log.warning("sign-up of %s could not be undone; its reservation waits for the takeover", user_id,
                    exc_info=True)
