"""pixkit.people_relay: the latest value per key reaches the topic; an intent is deleted only
after the broker acknowledged it, and only if it did not change meanwhile."""
import copy
import json

import pytest
from pixkit.people_relay import PeopleRelay
from pixkit.testing import FakeCollection, FakeDatabase


class Cursor(list):
    def sort(self, keys):
        return Cursor(sorted(self, key=lambda d: tuple(d[k] for k, _ in keys)))

    def limit(self, n):
        return Cursor(self[:n])


class ScanCollection(FakeCollection):
    def find(self, query):
        return Cursor(copy.deepcopy(d) for d in self.docs.values() if not query)


class ScanDatabase(FakeDatabase):
    def __getitem__(self, name):
        return self.collections.setdefault(name, ScanCollection(name))


class Future:
    def __init__(self, error=None):
        self.error = error

    def get(self, timeout=None):
        if self.error:
            raise self.error


class Producer:
    def __init__(self, fail=False, during_send=None):
        self.sent, self.headers, self.fail, self.during_send = [], [], fail, during_send

    def send(self, topic, key, value, headers=None):
        self.sent.append((topic, key.decode(), None if value is None else json.loads(value)))
        self.headers.append(headers)
        if self.during_send:
            self.during_send()
        return Future(OSError("no ack") if self.fail else None)

    def flush(self, timeout=None):
        pass


def intent(db, user_id, value, version=1, at=0):
    db["people_outbox"].insert_one({"_id": user_id, "value": value, "version": version, "created_at": at})


def test_values_and_tombstones_are_sent_then_forgotten():
    db, producer = ScanDatabase(), Producer()
    intent(db, "u1", {"user_id": "u1"}, at=1)
    intent(db, "u2", None, at=2)
    assert PeopleRelay(db, lambda: producer, "pix.identity.people").run_once() == 2
    assert producer.sent == [("pix.identity.people", "u1", {"user_id": "u1"}), ("pix.identity.people", "u2", None)]
    assert db["people_outbox"].docs == {}


def test_every_value_says_what_it_is_in_its_headers():
    db, producer = ScanDatabase(), Producer()
    intent(db, "u1", {"user_id": "u1"}, at=1)
    intent(db, "u2", None, at=2)
    PeopleRelay(db, lambda: producer, "pix.identity.people").run_once()
    assert producer.headers == [[("pix-type", b"Person"), ("pix-version", b"1")]] * 2


def test_an_intent_stays_when_the_broker_did_not_acknowledge():
    db = ScanDatabase()
    intent(db, "u1", {"user_id": "u1"})
    with pytest.raises(OSError):
        PeopleRelay(db, lambda: Producer(fail=True), "t").run_once()
    assert db["people_outbox"].find_one({"_id": "u1"}) is not None


def test_a_value_written_while_sending_is_sent_next_round():
    db = ScanDatabase()
    intent(db, "u1", {"n": 1})

    def rename():
        db["people_outbox"].update_one({"_id": "u1"}, {"$set": {"value": {"n": 2}}, "$inc": {"version": 1}})

    first = Producer(during_send=rename)
    relay = PeopleRelay(db, lambda: first, "t")
    relay.run_once()
    first.during_send = None
    assert relay.run_once() == 1
    assert [v for _, _, v in first.sent] == [{"n": 1}, {"n": 2}]
    assert db["people_outbox"].docs == {}


def test_one_relay_at_a_time():
    db = ScanDatabase()
    intent(db, "u1", {"n": 1})
    assert PeopleRelay(db, Producer, "t").run_once() == 1
    intent(db, "u2", {"n": 1})
    assert PeopleRelay(db, Producer, "t").run_once() == 0  # the first one holds the lease
