"""Event store against the real document store: append, load, conflicts, catch-up."""
import threading

import pytest
from pixkit.store import ConcurrencyError, EventStore, commit_id
from pixkit.stream_cache import StreamCache
from pymongo import MongoClient

from .helpers import user_registered


@pytest.fixture
def store(settings_for):
    settings = settings_for("identity")
    client = MongoClient(settings.mongo_uri)
    yield EventStore(client[settings.db_name], "identity")
    client.close()


def count(state, envelope):
    return (state or 0) + 1


def test_append_then_load_returns_version_and_state(store):
    stored = store.append("user-a", 0, [user_registered()], key="a", state={"n": 1})
    assert [e.position for e in stored] == [1]
    assert stored[0].stream == "user-a" and stored[0].key == "a" and stored[0].source == "identity"
    loaded = store.load("user-a")
    assert (loaded.version, loaded.state) == (1, {"n": 1})
    assert store.events.find_one({"_id": commit_id("user-a", 1)})["events"][0]["type"] == "UserRegistered"


def test_append_at_a_taken_position_is_a_conflict_and_writes_nothing(store):
    store.append("user-b", 0, [user_registered()], state=1)
    with pytest.raises(ConcurrencyError):
        store.append("user-b", 0, [user_registered()], state=99)
    assert store.load("user-b").state == 1
    assert store.events.count_documents({}) == 1
    assert store.outbox.count_documents({}) == 1  # only the winner's intent remains


def test_several_events_of_one_command_are_stored_together(store):
    stored = store.append("user-c", 0, [user_registered(), user_registered()], state=2)
    assert [e.position for e in stored] == [1, 2]
    assert store.load("user-c").version == 2
    store.append("user-c", 2, [user_registered()], state=3)
    assert [e.position for e in store.read_stream("user-c")] == [1, 2, 3]
    assert [e.position for e in store.read_stream("user-c", after=2)] == [3]


def test_load_catches_up_when_the_state_document_lags(store):
    store.append("user-d", 0, [user_registered()], state=1)
    store.append("user-d", 1, [user_registered(), user_registered()], state=3)
    # As after a crash between the commit and the state update:
    store.streams.update_one({"_id": "user-d"}, {"$set": {"version": 1, "state": 1}})
    loaded = store.load("user-d", evolve=count)
    assert (loaded.version, loaded.state) == (3, 3)


def test_concurrent_appends_at_the_same_version_one_wins(store):
    outcomes, barrier = [], threading.Barrier(8)

    def writer():
        barrier.wait()
        try:
            store.append("user-e", 0, [user_registered()], state="x")
            outcomes.append("ok")
        except ConcurrencyError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    assert store.load("user-e").version == 1


def test_a_cached_process_catches_up_on_what_another_process_wrote(settings_for):
    settings = settings_for("identity")
    client = MongoClient(settings.mongo_uri)
    db = client[settings.db_name]
    first = EventStore(db, "identity", cache=StreamCache(), snapshot_every=4)
    second = EventStore(db, "identity", cache=StreamCache(), snapshot_every=4)
    try:
        first.append("user-f", 0, [user_registered()], state=1)
        assert second.load("user-f", evolve=count).state == 1  # cold: the state document
        first.append("user-f", 1, [user_registered()], state=2)
        first.append("user-f", 2, [user_registered()], state=3)
        # second's memory says version 1; the probe finds commits 2 and 3.
        assert (second.load("user-f", evolve=count).version, second.load("user-f", evolve=count).state) == (3, 3)
        with pytest.raises(ConcurrencyError):  # a stale decision never lands
            second.append("user-f", 1, [user_registered()], state=99)
        assert [e.position for e in first.read_stream("user-f")] == [1, 2, 3]
        assert second.load("user-f", evolve=count).state == 3
    finally:
        client.close()


def test_the_state_document_is_rewritten_every_few_commits_and_when_asked(settings_for):
    settings = settings_for("identity")
    client = MongoClient(settings.mongo_uri)
    db = client[settings.db_name]
    store = EventStore(db, "identity", cache=StreamCache(), snapshot_every=4)
    try:
        for version in range(5):
            store.append("user-g", version, [user_registered()], state=version + 1)
        assert db["streams"].find_one({"_id": "user-g"})["version"] == 4
        cold = EventStore(db, "identity")  # a process that never saw the stream
        assert (cold.load("user-g", evolve=count).version, cold.load("user-g", evolve=count).state) == (5, 5)
        store.append("user-g", 5, [user_registered()], state=6, snapshot=True)
        assert db["streams"].find_one({"_id": "user-g"})["version"] == 6
    finally:
        client.close()
