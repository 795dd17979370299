"""pixkit.memberships on the real local store: every query shape it uses (guarded upserts on
nested fields, `:` in field names, an empty-roster delete, find-and-modify with `$ne`) does
on FerretDB what the unit tier's fake does, document for document, in any order."""
import random
import uuid

from pixkit import memberships as ms
from pixkit.testing import FakeDatabase
from pymongo import MongoClient


def test_grants_revocations_and_erasure_on_the_real_store(settings_for):
    settings = settings_for("sharing")
    client = MongoClient(settings.mongo_uri)
    collection = client[settings.db_name][ms.COLLECTION]
    book = ms.Memberships(collection)
    org, other, anne, bob = (str(uuid.uuid4()) for _ in range(4))

    book.grant("organization", org, anne, "MEMBER", 1)
    book.grant("organization", org, anne, "ADMIN", 3)
    book.grant("organization", org, anne, "MEMBER", 2)  # late and older: no-op
    book.grant("organization", org, bob, "MEMBER", 4)
    book.revoke("organization", org, bob, 6)
    book.grant("organization", org, bob, "ADMIN", 5)  # older than the revocation
    book.grant("organization", other, bob, "ADMIN", 1)
    assert book.role_of("organization", org, anne) == "ADMIN"
    assert book.role_of("organization", org, bob) is None
    assert book.members_of("organization", org) == {anne: "ADMIN"}
    assert collection.find_one({"_id": f"organization:{org}:{bob}"}) == {
        "_id": f"organization:{org}:{bob}", "position": 6, "revoked": True}
    assert collection.find_one({"_id": bob})["memberships"] == {f"organization:{org}": True,
                                                                 f"organization:{other}": True}

    book.erase_person(bob)
    book.grant("organization", org, bob, "ADMIN", 9)  # after the erasure: refused
    assert collection.find_one({"_id": bob}) == {"_id": bob, "erased": True}
    assert collection.find_one({"_id": f"organization:{other}"}) is None
    assert collection.find_one({"_id": f"organization:{org}:{bob}"}) is None
    assert book.members_of("organization", org) == {anne: "ADMIN"}
    client.close()


def test_the_real_store_and_the_fake_end_with_the_same_documents(settings_for):
    settings = settings_for("sharing")
    client = MongoClient(settings.mongo_uri)
    real, fake = client[settings.db_name][ms.COLLECTION], FakeDatabase()[ms.COLLECTION]
    orgs, people = [str(uuid.uuid4()) for _ in range(3)], [str(uuid.uuid4()) for _ in range(4)]
    rng = random.Random(11)
    steps = [("grant", o, p, rng.choice(("ADMIN", "MEMBER")), n) for o in orgs for p in people for n in (1, 3)]
    steps += [("revoke", o, p, 2) for o in orgs for p in people[:2]] + [("revoke", orgs[0], people[2], 4)]
    steps += [("erase", people[3])]
    rng.shuffle(steps)
    for collection in (real, fake):
        book = ms.Memberships(collection)
        for kind, *args in [*steps, *steps[:5]]:  # a few duplicates too
            if kind == "erase":
                book.erase_person(*args)
            else:
                getattr(book, kind)("organization", *args)
    ids = [*people, *(f"organization:{o}" for o in orgs),
           *(f"organization:{o}:{p}" for o in orgs for p in people)]
    for _id in ids:
        assert real.find_one({"_id": _id}) == fake.find_one({"_id": _id}), _id
    assert real.find_one({"_id": people[3]}) == {"_id": people[3], "erased": True}
    client.close()
