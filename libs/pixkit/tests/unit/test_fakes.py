"""The in-memory fakes agree with the store on what the plumbing relies on."""
import pytest
from pixkit.events import Envelope, PendingEvent
from pixkit.projection import apply_once
from pixkit.store import ConcurrencyError, EventStore
from pixkit.testing import FakeDatabase, ScanRefused


def envelope(position: int, stream: str = "user-1") -> Envelope:
    return Envelope(id=f"e{position}", type="Something", schema_version=1, source="unit", stream=stream,
                    position=position, occurred_at="2025-01-01T00:00:00Z", key="1", data={})


def test_apply_once_applies_each_position_once_and_never_an_older_one():
    docs = FakeDatabase()["docs"]
    assert apply_once(docs, "a", envelope(2), {"$inc": {"n": 1}})
    assert not apply_once(docs, "a", envelope(2), {"$inc": {"n": 1}})  # duplicate
    assert not apply_once(docs, "a", envelope(1), {"$inc": {"n": 1}})  # older
    assert apply_once(docs, "a", envelope(1, stream="other-1"), {"$inc": {"n": 1}})  # another stream
    assert docs.find_one({"_id": "a"}) == {"_id": "a", "n": 2, "applied": {"user-1": 2, "other-1": 1}}


def test_set_on_insert_only_inserts():
    docs = FakeDatabase()["docs"]
    docs.update_one({"_id": "a"}, {"$setOnInsert": {"v": 1}}, upsert=True)
    docs.update_one({"_id": "a"}, {"$setOnInsert": {"v": 2}, "$set": {"w": 3}}, upsert=True)
    assert docs.find_one({"_id": "a"}) == {"_id": "a", "v": 1, "w": 3}


def test_the_real_event_store_runs_on_the_fake():
    store = EventStore(FakeDatabase(), "unit")
    store.append("s-1", 0, [PendingEvent("Something", 1, {"n": 1})], key="k")
    with pytest.raises(ConcurrencyError):
        store.append("s-1", 0, [PendingEvent("Something", 1, {"n": 2})])
    assert store.load("s-1").version == 1
    assert [e.data for e in store.read_stream("s-1")] == [{"n": 1}]


def test_returned_documents_are_copies():
    docs = FakeDatabase()["docs"]
    docs.insert_one({"_id": 1, "tags": ["a"]})
    docs.find_one({"_id": 1})["tags"].append("b")
    assert docs.find_one({"_id": 1}) == {"_id": 1, "tags": ["a"]}


def test_what_the_fake_does_not_know_it_refuses():
    docs = FakeDatabase()["docs"]
    with pytest.raises(NotImplementedError):
        docs.find_one({"n": {"$regex": "x"}})
    with pytest.raises(NotImplementedError):
        docs.update_one({"_id": 1}, {"$push": {"n": 1}}, upsert=True)


def test_a_strict_fake_refuses_every_query_the_local_store_would_scan():
    db = FakeDatabase(only_id_lookups=True)
    rows = db["rows"]
    rows.insert_one({"_id": "a", "org": "o1"})
    rows.insert_one({"_id": "b", "org": "o1"})
    assert rows.find_one({"_id": "a", "org": "o1"})["_id"] == "a"  # anchored, extra conjuncts are fine
    assert [d["_id"] for d in rows.find({"_id": "b"})] == ["b"]
    for scan in (lambda: rows.find({"_id": {"$in": ["a", "b"]}}), lambda: rows.delete_many({"_id": {"$in": ["a"]}}),
                 lambda: rows.find_one({"org": "o1"}), lambda: rows.find({"org": "o1"}),
                 lambda: rows.find({}), lambda: rows.count_documents({"org": "o1"}),
                 lambda: rows.update_one({"org": "o1"}, {"$set": {"x": 1}}),
                 lambda: rows.delete_many({"org": "o1"}), lambda: rows.delete_one({"_id": {"$gt": "a"}})):
        with pytest.raises(ScanRefused):
            scan()


def test_the_default_fake_still_scans_and_the_suite_switch_makes_it_strict(monkeypatch):
    assert FakeDatabase()["c"].find({}) == []
    monkeypatch.setattr(FakeDatabase, "ONLY_ID_LOOKUPS", True)
    with pytest.raises(ScanRefused):
        FakeDatabase()["c"].find({})


def test_find_one_and_update_with_a_false_guard_returns_none_as_mongodb_does():
    rows = FakeDatabase()["rows"]
    rows.insert_one({"_id": "a", "version": 3})
    assert rows.find_one_and_update({"_id": "a", "version": {"$lt": 2}}, {"$set": {"version": 2}}) is None
    assert rows.find_one({"_id": "a"})["version"] == 3


def test_the_fake_refuses_nested_arrays_as_the_local_store_does():
    rows = FakeDatabase()["rows"]
    with pytest.raises(NotImplementedError, match="nested arrays"):
        rows.insert_one({"_id": "a", "cells": [[1, 2], [3]]})
    rows.insert_one({"_id": "b", "cells": [{"values": [1, 2]}]})  # an array in a document in an array is fine
    with pytest.raises(NotImplementedError, match="nested arrays"):
        rows.update_one({"_id": "b"}, {"$set": {"cells": [[1]]}})
