"""The people dispatcher: values and tombstones to the handler, poison to the dead letters,
failures retried, the store away kept for later (never dead-lettered)."""
import json
from dataclasses import dataclass

import pytest
from pixkit.consumer import Dispatcher, InfrastructureUnavailable, Subscription
from pixkit.dispatch import dispatcher_for
from pixkit.people import PeopleDispatcher, PeopleSubscription
from pymongo.errors import ConnectionFailure

USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
PERSON = {"user_id": USER, "first_name": "Alice", "last_name": "Martin", "email": "alice@example.fr",
          "updated_at": "2025-03-01T09:30:00.000000Z"}


@dataclass
class Record:
    key: bytes | None
    value: bytes | None


def dispatcher(handler, **options):
    return PeopleDispatcher(PeopleSubscription("copy", "pix.identity.people", handler), "g", sleep=lambda _: None,
                            **options)


def test_a_value_and_a_tombstone_reach_the_handler_with_their_user_id():
    seen = []
    handle = dispatcher(lambda user_id, person: seen.append((user_id, person))).handle_record
    assert handle(Record(USER.encode(), json.dumps(PERSON).encode()))[0] == "handled"
    assert handle(Record(USER.encode(), None))[0] == "handled"
    assert seen == [(USER, PERSON), (USER, None)]


@pytest.mark.parametrize("record", [
    Record(None, json.dumps(PERSON).encode()),  # no key
    Record(b"someone-else", json.dumps(PERSON).encode()),  # key and value disagree
    Record(USER.encode(), b"{not json"),
    Record(USER.encode(), json.dumps({**PERSON, "email": "no at sign"}).encode()),
    Record(USER.encode(), json.dumps({**PERSON, "extra": 1}).encode()),
])
def test_poison_is_dead_lettered_without_calling_the_handler(record):
    called = []
    outcome, error, _ = dispatcher(lambda *a: called.append(a)).handle_record(record)
    assert outcome == "dead" and error and not called


def test_a_failing_handler_is_retried_then_dead_lettered_and_the_store_away_is_kept():
    attempts = []

    def flaky(user_id, person):
        attempts.append(1)
        raise RuntimeError("boom")
    outcome, error, tries = dispatcher(flaky, attempts=3).handle_record(Record(USER.encode(), None))
    assert (outcome, tries, len(attempts)) == ("dead", 3, 3) and "boom" in error

    def away(user_id, person):
        raise ConnectionFailure("store down")
    with pytest.raises(InfrastructureUnavailable):
        dispatcher(away).handle_record(Record(USER.encode(), None))


def test_the_right_dispatcher_for_each_kind_of_subscription():
    assert isinstance(dispatcher_for(PeopleSubscription("c", "t", lambda *a: None), "g"), PeopleDispatcher)
    assert isinstance(dispatcher_for(Subscription("s", ["t"]), "g"), Dispatcher)
