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


def register_user(command: RegisterUser, meta: Meta, *, accounts: AccountBook, store: EventStore,
                  people: PeopleOutbox, codec: EventCodec, hash_password: Callable[[str], str],
                  clock: Callable[[], datetime], new_id: Callable[[], str], reservation_ttl: timedelta) -> Registered:
    user_id, now = new_id(), clock()
    password_hash = hash_password(command.password)  # slow: done before the email is held
    _claim_email(normalize_email(command.email), user_id, now, accounts=accounts, store=store, people=people,
                 ttl=reservation_ttl)
    accounts.save(user_id, command.first_name, command.last_name, command.email,
                  password_hash, command.locale, now)
    people.publish(user_id, person_value(user_id, command.first_name, command.last_name, command.email,
                                         iso_utc(now)), now)
    event = UserRegistered(user_id=user_id, locale=command.locale, registered_at=iso_utc(now))
    # Signing up is the person's own act: they are its actor unless someone acted for them.
    meta = replace(meta, actor=meta.actor or user_id)
    appended = store.append(user_stream(user_id), 0, [codec.encode(event)], key=user_id, meta=meta)
    return Registered(user_id, command.first_name, command.last_name, command.email, appended[-1].position)
