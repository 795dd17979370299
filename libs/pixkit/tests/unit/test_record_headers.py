"""Record headers (docs/adr/0012-record-headers-and-idle-loops.md): the relay says each record's
wire name and version in `pix-type` / `pix-version`; the dispatcher ignores a type its
subscription does not handle from the header alone, still validates what it handles, and
reads records without headers (older ones in the log) as before. The relay forgets its
intents without an `$in` over a large outbox; an idle publishing loop waits longer each round."""
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pixkit import publisher
from pixkit.consumer import Dispatcher, Subscription
from pixkit.events import Envelope
from pixkit.publisher import LeasedPublisher
from pixkit.relay import OutboxRelay
from pixkit.testing import FakeDatabase

USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
REGISTERED = {"user_id": USER, "locale": "fr", "registered_at": "2024-09-09T14:05:02.918364Z"}


def envelope(type_name="UserRegistered", data=None, position=1) -> Envelope:
    return Envelope(id=f"4f7b2d9e-6a1c-4385-9e0d-c2b8f5a3e{position:03d}", type=type_name, schema_version=1,
                    source="identity", stream=f"user-{USER}", position=position,
                    occurred_at="2024-09-09T14:05:02.918364Z", key=USER,
                    data=REGISTERED if data is None else data)


@dataclass
class Record:
    value: bytes | None
    headers: list = field(default_factory=list)
    key: bytes = USER.encode()


def headed(type_name: str, value: bytes | None, version: int = 1) -> Record:
    return Record(value, [("pix-type", type_name.encode()), ("pix-version", str(version).encode())])


def registrations():
    seen = []
    sub = Subscription("profiles", ["pix.identity.events"]).on("UserRegistered", seen.append)
    return Dispatcher(sub, "profile.profiles", sleep=lambda _: None), seen


def test_a_type_the_subscription_does_not_handle_is_ignored_from_its_header_alone():
    dispatcher, seen = registrations()
    assert dispatcher.handle_record(headed("AnswerRecorded", b"\xff not even JSON")) == ("ignored", None, 0)
    assert dispatcher.handle_record(headed("AnswerRecorded", None)) == ("ignored", None, 0)
    assert seen == []


def test_a_handled_type_is_still_decoded_and_validated():
    dispatcher, seen = registrations()
    outcome, error, _ = dispatcher.handle_record(headed("UserRegistered", b"\xff not even JSON"))
    assert outcome == "dead" and error.startswith("DecodeError: not JSON")
    outcome, error, _ = dispatcher.handle_record(headed("UserRegistered", envelope(data={"user_id": 5}).to_wire()))
    assert outcome == "dead" and error.startswith("ValidationError")
    assert dispatcher.handle_record(headed("UserRegistered", envelope().to_wire())) == ("handled", None, 1)
    assert [e.data for e in seen] == [REGISTERED]


def test_a_header_that_contradicts_the_envelope_is_dead_not_misread():
    dispatcher, seen = registrations()
    value = envelope("UserAnonymized", {"user_id": USER}).to_wire()
    outcome, error, _ = dispatcher.handle_record(headed("UserRegistered", value))
    assert outcome == "dead" and "header says UserRegistered, its envelope UserAnonymized" in error
    assert seen == []


def test_without_headers_the_value_says_the_type_as_before():
    dispatcher, seen = registrations()
    assert dispatcher.handle_record(Record(envelope("AnswerRecorded", {"x": 1}).to_wire())) == ("ignored", None, 0)
    assert dispatcher.handle_record(Record(envelope().to_wire())) == ("handled", None, 1)
    assert dispatcher.handle_record(Record(b"\xff"))[0] == "dead"
    assert dispatcher.handle_record(Record(json.dumps({"type": "UserRegistered"}).encode()))[1].startswith(
        "DecodeError: envelope misses")
    assert dispatcher.handle_record(Record(json.dumps([1]).encode()))[1] == "DecodeError: envelope is not a JSON object"
    assert dispatcher.handle_record(Record(None))[1] == "DecodeError: empty message"
    assert len(seen) == 1


# The relay: what it sends, and how it deletes its intents.

class Cursor(list):
    def sort(self, keys):
        return Cursor(sorted(self, key=lambda d: tuple(d[k] for k, _ in keys)))

    def limit(self, n):
        return Cursor(self[:n])


class Outbox:
    """Records how the relay deletes: `$in` filters and bulk requests of `_id` deletes."""

    def __init__(self, intents):
        self.docs = {i["_id"]: i for i in intents}
        self.deletes = []

    def find(self, query):
        assert query == {}
        return Cursor(self.docs.values())

    def find_one(self, query):
        return next(iter(self.docs.values()), None)

    def delete_many(self, query):
        ids = query["_id"]["$in"]
        self.deletes.append(("$in", len(ids)))
        for intent_id in ids:
            self.docs.pop(intent_id, None)

    def bulk_write(self, requests, ordered):
        filters = [r._filter for r in requests]
        assert all(set(f) == {"_id"} and isinstance(f["_id"], str) for f in filters)  # `_id` equality only
        self.deletes.append(("bulk", len(filters)))
        for f in filters:
            self.docs.pop(f["_id"], None)


class Store:
    def __init__(self, commits, intents):
        self.events = FakeDatabase()["events"]
        for commit in commits:
            self.events.insert_one(commit)
        self.outbox = Outbox(intents)

    def envelopes_of(self, commit):
        return [envelope(position=commit["position"])]


class Producer:
    def __init__(self):
        self.sent = []

    def send(self, topic, key, value, headers=None):
        self.sent.append((topic, key, json.loads(value)["position"], headers))
        return self

    def flush(self, timeout):
        pass

    def get(self, timeout):
        return None


def relay_over(count: int, batch: int):
    commits = [{"_id": f"c{n:03d}", "nonce": f"i{n:03d}", "position": n + 1} for n in range(count)]
    intents = [{"_id": f"i{n:03d}", "commit_id": f"c{n:03d}", "stream": f"user-{USER}",
                "created_at": datetime.now(UTC)} for n in range(count)]
    producer = Producer()
    relay = OutboxRelay(FakeDatabase(), lambda: producer, "pix.identity.events", "identity", batch=batch)
    relay.store = Store(commits, intents)
    return relay, producer


def test_every_record_the_relay_sends_names_its_event_and_version():
    relay, producer = relay_over(2, batch=10)
    assert relay.run_once() == 2
    assert [(position, headers) for _, _, position, headers in producer.sent] == [
        (1, [("pix-type", b"UserRegistered"), ("pix-version", b"1")]),
        (2, [("pix-type", b"UserRegistered"), ("pix-version", b"1")])]


def test_a_full_batch_is_forgotten_by_id_and_the_small_rest_with_one_in():
    relay, producer = relay_over(7, batch=3)
    assert [relay.run_once() for _ in range(4)] == [3, 3, 1, 0]
    assert relay.store.outbox.deletes == [("bulk", 3), ("bulk", 3), ("$in", 1)]
    assert [position for _, _, position, _ in producer.sent] == list(range(1, 8))
    assert relay.store.outbox.docs == {}


def test_intents_whose_commit_is_not_written_yet_are_kept_without_a_delete():
    relay, producer = relay_over(1, batch=10)
    relay.store.events.delete_one({"_id": "c000"})  # its writer is between the intent and the commit
    assert relay.run_once() == 0
    assert relay.store.outbox.deletes == [] and list(relay.store.outbox.docs) == ["i000"]


# The idle loop.

class Scripted(LeasedPublisher):
    """Sends what the script says, round after round, then stops the loop."""

    def __init__(self, script, stop):
        super().__init__(FakeDatabase(), producer_factory=None)
        self.script, self.stop = list(script), stop

    def acquire_lease(self):
        return True

    def publish_once(self):
        if not self.script:
            self.stop.set()
            return 0
        return self.script.pop(0)


class RecordingStop(threading.Event):
    def __init__(self):
        super().__init__()
        self.waits = []

    def wait(self, timeout=None):
        self.waits.append(timeout)
        return self.is_set()


def test_an_idle_loop_waits_twice_as_long_each_round_up_to_its_cap_and_no_more_once_it_sends():
    stop = RecordingStop()
    Scripted([0, 0, 0, 0, 0, 0, 4, 0, 0], stop).run(stop, idle_s=0.05, idle_max_s=0.5, busy_pause_s=0)
    assert stop.waits == [0.05, 0.1, 0.2, 0.4, 0.5, 0.5, 0.05, 0.1, 0.2]


def test_a_busy_loop_pauses_only_its_short_busy_pause_between_rounds():
    stop = RecordingStop()
    Scripted([5, 5, 5], stop).run(stop)
    busy = publisher.BUSY_PAUSE_S
    assert 0 < busy < publisher.IDLE_FIRST_S
    assert stop.waits == [busy, busy, busy, publisher.IDLE_FIRST_S]  # the last: the script empty
