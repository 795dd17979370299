"""pixkit.upserts: a first write of one `_id` that loses the race to another writer still
applies (the local store's upsert is no atomic insert-or-update)."""
from pixkit import upserts
from pixkit.testing import FakeDatabase, LosesTheRace


def test_upsert_one_applies_its_update_on_the_document_the_other_writer_made():
    collection = FakeDatabase()["counters"]
    upserts.upsert_one(LosesTheRace(collection, {"_id": "k", "count": 1}), {"_id": "k"}, {"$inc": {"count": 1}})
    assert collection.find_one({"_id": "k"})["count"] == 2


def test_upsert_and_get_counts_both_writers():
    collection = FakeDatabase()["counters"]
    doc = upserts.upsert_and_get(LosesTheRace(collection, {"_id": "k", "count": 1}), {"_id": "k"},
                                 {"$inc": {"count": 1}})
    assert doc["count"] == 2


def test_without_a_race_it_is_a_plain_upsert():
    collection = FakeDatabase()["counters"]
    assert upserts.upsert_and_get(collection, {"_id": "k"}, {"$inc": {"count": 1}})["count"] == 1
    upserts.upsert_one(collection, {"_id": "k"}, {"$inc": {"count": 1}})
    assert collection.find_one({"_id": "k"})["count"] == 2
