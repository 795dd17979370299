"""A replay of a subscription with `keyed_documents` runs its records on lanes by key: one key's
records in their order, records ignored by their header not queued, a lane's failure stops
the replay; without the flag, one record after the other as before."""
import threading
import time
from dataclasses import dataclass, field

import pytest
from pixkit import replay as replay_module
from pixkit.consumer import Dispatcher, InfrastructureUnavailable, Subscription
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, unit_settings
from pymongo.errors import AutoReconnect

USERS = [f"3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a{n:02d}" for n in range(6)]


def registered(user: str, position: int) -> bytes:
    return Envelope(id=f"4f7b2d9e-6a1c-4385-9e0d-c2b8f5a3e{position:03d}", type="UserRegistered", schema_version=1,
                    source="identity", stream=f"user-{user}", position=position,
                    occurred_at="2024-09-09T14:05:02.918364Z", key=user,
                    data={"user_id": user, "locale": "fr", "registered_at": "2024-09-09T14:05:02.918364Z"}).to_wire()


@dataclass
class Record:
    offset: int
    value: bytes
    key: bytes
    headers: list = field(default_factory=list)
    topic: str = "pix.identity.events"
    partition: int = 0


class Consumer:
    def __init__(self, records):
        self.records, self.at = records, 0

    def partitions_for_topic(self, topic):
        return {0}

    def assign(self, partitions):
        self.partitions = partitions

    def seek_to_beginning(self, *partitions):
        self.at = 0

    def end_offsets(self, partitions):
        return {tp: len(self.records) for tp in partitions}

    def poll(self, timeout_ms):
        batch, self.at = self.records[self.at:self.at + 7], min(self.at + 7, len(self.records))
        return {self.partitions[0]: batch} if batch else {}

    def position(self, tp):
        return self.at

    def close(self):
        pass


def records_of_six_people(rounds: int = 5) -> list[Record]:
    records = []
    for position in range(1, rounds + 1):
        for user in USERS:
            records.append(Record(len(records), registered(user, position), user.encode(),
                                  [("pix-type", b"UserRegistered"), ("pix-version", b"1")]))
            records.append(Record(len(records), b"\xff not read", user.encode(),
                                  [("pix-type", b"AnswerRecorded"), ("pix-version", b"1")]))
    return records


def run(monkeypatch, records, handler, keyed=True):
    monkeypatch.setattr(replay_module, "make_consumer", lambda settings, group, **_: Consumer(records))
    sub = Subscription("profiles", ["pix.identity.events"], keyed_documents=keyed).on("UserRegistered", handler)
    return replay_module.replay(unit_settings("profile"), FakeDatabase(), [sub], ["profiles"])


def test_each_key_is_applied_in_its_order_on_several_threads(monkeypatch):
    seen, threads, lock = {}, set(), threading.Lock()

    def handler(envelope):
        time.sleep(0.001)  # a store round trip
        with lock:
            seen.setdefault(envelope.key, []).append(envelope.position)
            threads.add(threading.current_thread().name)

    assert run(monkeypatch, records_of_six_people(), handler) == 60
    assert seen == {user: [1, 2, 3, 4, 5] for user in USERS}
    assert len(threads) > 1 and all(name.startswith("replay-lane") for name in threads)


def test_records_ignored_by_their_header_never_reach_a_lane(monkeypatch):
    queued = []
    original = Dispatcher.handle_record
    monkeypatch.setattr(Dispatcher, "handle_record",
                        lambda self, record: queued.append(record) or original(self, record))
    run(monkeypatch, records_of_six_people(), lambda envelope: None)
    assert len(queued) == 30 and all(r.headers[0] == ("pix-type", b"UserRegistered") for r in queued)


def test_a_failing_lane_stops_the_replay(monkeypatch):
    def handler(envelope):
        if envelope.key == USERS[2] and envelope.position == 3:
            raise AutoReconnect("store away")

    with pytest.raises(InfrastructureUnavailable, match="store away"):
        run(monkeypatch, records_of_six_people(), handler)


def test_without_keyed_documents_the_replay_stays_on_its_own_thread(monkeypatch):
    threads = set()
    run(monkeypatch, records_of_six_people(), lambda envelope: threads.add(threading.current_thread().name),
        keyed=False)
    assert threads == {threading.current_thread().name}
