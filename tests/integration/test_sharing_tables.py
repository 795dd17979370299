"""Sharing's chunked tables on the real local store: a crash between any two writes of a put
or a remove heals when the event is delivered again, and the store ends with the documents
of the unit tier's fake, which a reader of either reads alike."""
import uuid

from pix_sharing.adapters.tables import ChunkedTable, TableReader, iter_rows
from pixkit.testing import FakeDatabase
from pymongo import MongoClient


class Crash(Exception):
    pass


class CrashOnNthWrite:
    """The real collection, failing before its nth write as a process killed there would."""

    def __init__(self, inner, n):
        self.inner, self.left = inner, n

    def _write(self):
        self.left -= 1
        if self.left == 0:
            raise Crash()

    def find_one(self, query):
        return self.inner.find_one(query)

    def insert_one(self, doc):
        self._write()
        return self.inner.insert_one(doc)

    def update_one(self, query, update, upsert=False):
        self._write()
        return self.inner.update_one(query, update, upsert=upsert)

    def delete_one(self, query):
        self._write()
        return self.inner.delete_one(query)


def row(last, pix):
    return {"l": last, "f": "Anne", "d": "2026-09-01T10:00:00.000000Z", "p": pix, "c": 3, "s": "",
            "k": ["c1"], "lv": "1" * 16, "px": [pix] * 16, "n": 1, "sh": str(uuid.uuid4())}


STEPS = [("put", "u1", row("Martin", 8)), ("put", "u2", row("Durand", 16)), ("put", "u1", row("Martin", 24)),
         ("remove", "u2", None), ("put", "u3", row("Élie", 4)), ("put", "u3", row("Élie", 4))]


def play(collection, table_id, steps, crash_at=None):
    """Each step once, the step `crash_at` crashing before its nth write then delivered again."""
    for i, (kind, key, value) in enumerate(steps):
        args = (key, value) if kind == "put" else (key,)
        if crash_at and crash_at[0] == i:
            try:  # a step with fewer writes ends before the crash: delivered twice then
                getattr(ChunkedTable(CrashOnNthWrite(collection, crash_at[1]), table_id), kind)(*args)
            except Crash:
                pass
        getattr(ChunkedTable(collection, table_id), kind)(*args)


def docs(collection, table_id):
    ids = [table_id, f"{table_id}:0", *(f"{table_id}:k:u{i}" for i in (1, 2, 3))]
    return [collection.find_one({"_id": i}) for i in ids]


def test_a_crash_between_any_two_writes_heals_on_redelivery(settings_for):
    settings = settings_for("sharing")
    client = MongoClient(settings.mongo_uri)
    real = client[settings.db_name]["org_tables"]
    fake = FakeDatabase(only_id_lookups=True)["org_tables"]
    clean = str(uuid.uuid4())
    play(fake, clean, STEPS)
    expected = docs(fake, clean)
    reader = TableReader(real)
    for step in range(len(STEPS)):
        for nth in (1, 2, 3):
            table_id = str(uuid.uuid4())
            reader.rows(table_id)
            play(real, table_id, STEPS[:step])
            reader.rows(table_id)  # cached before the crash
            play(real, table_id, STEPS[step:], crash_at=(0, nth))
            got = docs(real, table_id)
            assert got[1:] == [d and {**d, "_id": d["_id"].replace(clean, table_id)} for d in expected[1:]], \
                (step, nth)
            assert got[0]["chunk_versions"] == [got[1]["version"]]
            assert got[0]["allocated"] == expected[0]["allocated"]
            assert reader.rows(table_id) == TableReader(fake).rows(clean)
            assert dict(iter_rows(real, table_id)) == dict(iter_rows(fake, clean))
    page = reader.query(table_id, "lastName", "asc", name="elie")
    assert [r["key"] for r in page.rows] == ["u3"] and page.total == 1
    client.close()


def test_a_bulk_load_writes_what_the_fake_writes(settings_for):
    settings = settings_for("sharing")
    client = MongoClient(settings.mongo_uri)
    real = client[settings.db_name]["org_tables"]
    fake = FakeDatabase(only_id_lookups=True)["org_tables"]
    table_id = str(uuid.uuid4())
    rows, changed = {f"u{i}": row(f"Nom{i % 7}", i % 64) for i in range(1203)}, row("Changé", 1)
    for collection in (real, fake):
        ChunkedTable(collection, table_id).load(rows)
        ChunkedTable(collection, table_id).put("u5", changed)
    for doc_id in [table_id, *(f"{table_id}:{n}" for n in range(3)), f"{table_id}:k:u1202"]:
        assert real.find_one({"_id": doc_id}) == fake.find_one({"_id": doc_id}), doc_id
    assert TableReader(real).rows(table_id) == TableReader(fake).rows(table_id)
    assert len(TableReader(real).rows(table_id)) == 1203
    client.close()
