"""Consuming pix.identity.people (docs/architecture.md §5): each person's current names and email,
keyed by user id, on a compacted topic. A null value is the tombstone of an erased person.

A service that shows names (sharing, certification) keeps its own copy with a
`PeopleSubscription`. Its handler gets `(user_id, person)`, where `person` is None for a
tombstone, and must then erase its copy. Values are not event envelopes. A value that
breaks the Person contract, or whose key is not its user id, goes to the dead-letter topic
like any poison message.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from marshmallow import ValidationError
from pix_contracts import registry

from .consumer import TRANSIENT, InfrastructureUnavailable, PermanentError
from .metrics import EVENTS_CONSUMED, HANDLER_SECONDS

log = logging.getLogger(__name__)

PeopleHandler = Callable[[str, dict | None], None]


@dataclass
class PeopleSubscription:
    name: str
    topic: str
    handler: PeopleHandler

    @property
    def topics(self) -> list[str]:
        return [self.topic]


def decode_person(key: bytes | None, value: bytes | None) -> tuple[str, dict | None]:
    if not key:
        raise ValueError("a people record needs its user id as key")
    user_id = key.decode()
    if value is None:
        return user_id, None
    person = registry.validate_person(json.loads(value))
    if person["user_id"] != user_id:
        raise ValueError(f"key {user_id} does not match the value's user_id")
    return user_id, person


class PeopleDispatcher:
    """Dispatcher's contract for people records: (outcome, error, attempts), retries, then dead."""

    def __init__(self, subscription: PeopleSubscription, group: str, attempts: int = 4,
                 backoff_s: Iterable[float] = (0.05, 0.25, 1.0), sleep=time.sleep) -> None:
        self.subscription, self.group, self.attempts = subscription, group, attempts
        self.backoff, self.sleep = list(backoff_s), sleep

    def handle_record(self, record) -> tuple[str, str | None, int]:
        try:
            user_id, person = decode_person(record.key, record.value)
        except (ValueError, ValidationError) as exc:  # json errors are ValueErrors
            return "dead", f"{type(exc).__name__}: {exc}", 0
        kind = "Person" if person is not None else "Tombstone"
        for attempt in range(1, self.attempts + 1):
            try:
                with HANDLER_SECONDS.labels(self.group).time():
                    self.subscription.handler(user_id, person)
                EVENTS_CONSUMED.labels(self.group, kind, "handled").inc()
                return "handled", None, attempt
            except PermanentError as exc:
                return "dead", f"PermanentError: {exc}", attempt
            except TRANSIENT as exc:
                raise InfrastructureUnavailable(f"{type(exc).__name__}: {exc}") from exc
            except Exception as exc:  # noqa: BLE001 - retried, then dead-lettered
                log.warning("people handler failed (attempt %d): %r", attempt, exc)
                if attempt == self.attempts:
                    return "dead", f"{type(exc).__name__}: {exc}", attempt
                self.sleep(self.backoff[min(attempt - 1, len(self.backoff) - 1)])
        raise AssertionError("unreachable")
