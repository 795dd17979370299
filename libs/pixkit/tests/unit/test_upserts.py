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


def test_keep_canonical_rewrites_a_document_whose_keys_came_out_of_order():
    from pixkit.upserts import keep_canonical

    one, other = FakeDatabase()["docs"], FakeDatabase()["docs"]
    one.update_one({"_id": "d"}, {"$set": {"m.b": 1}}, upsert=True)
    one.update_one({"_id": "d"}, {"$set": {"m.a": 2, "z": [{"y": 1, "x": 2}]}})
    other.update_one({"_id": "d"}, {"$set": {"z": [{"x": 2, "y": 1}], "m.a": 2}}, upsert=True)
    other.update_one({"_id": "d"}, {"$set": {"m.b": 1}})
    assert list(one.find_one({"_id": "d"})["m"]) == ["b", "a"]
    for collection in (one, other):
        keep_canonical(collection, "d")
    assert repr(one.find_one({"_id": "d"})) == repr(other.find_one({"_id": "d"})) == \
        repr({"_id": "d", "m": {"a": 2, "b": 1}, "z": [{"x": 2, "y": 1}]})
    keep_canonical(one, "missing")  # nothing to do, nothing written
    assert one.find_one({"_id": "missing"}) is None
