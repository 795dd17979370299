"""Sign-up. Writes in an order that a crash at any point cannot corrupt: reserve the email,
store the account, queue the person's data for pix.identity.people, append UserRegistered.
A reservation whose user never got its event is abandoned; after RESERVATION_TTL another
sign-up takes it over, forgets the old account and tombstones its person.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from pixkit.events import EventCodec, Meta
from pixkit.store import EventStore

from ..adapters.accounts import AccountBook
from ..adapters.people import PeopleOutbox, person_value
from ..domain.events import UserRegistered
from ..domain.registration import EmailTaken, Registered, RegisterUser, normalize_email, user_stream
from .robot import RobotGate


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
    _claim_email(normalize_email(email), user_id, now, accounts=accounts, store=store, people=people,
                 ttl=reservation_ttl)
    accounts.save(user_id, first_name, last_name, email, password_hash, locale, now)
    people.publish(user_id, person_value(user_id, first_name, last_name, email, iso_utc(now)), now)
    event = UserRegistered(user_id=user_id, locale=locale, registered_at=iso_utc(now))
    # Signing up is the person's own act: they are its actor unless someone acted for them.
    meta = replace(meta, actor=meta.actor or user_id)
    appended = store.append(user_stream(user_id), 0, [codec.encode(event)], key=user_id, meta=meta)
    return Registered(user_id, first_name, last_name, email, appended[-1].position)
