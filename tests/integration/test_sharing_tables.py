"""Sharing's chunked tables on the real local store: a crash before any write of a put or a
remove heals when the event is delivered again, and the store ends with the very documents
(bytes, field order included) of the unit tier's fake, which a reader of either reads alike."""
import uuid

import bson
from pix_sharing.adapters.tables import BUCKETS, ChunkedTable, TableReader, bucket_of, chunk_id, iter_rows
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
            "k": ["c1"], "lv": "1" * 16, "px": [pix] * 16, "n": 1, "sh": str(uuid.UUID(int=pix, version=4))}


STEPS = [("put", "u1", row("Martin", 8)), ("put", "u2", row("Durand", 16)), ("put", "u1", row("Martin", 24)),
         ("remove", "u2", None), ("put", "u3", row("Élie", 4)), ("put", "u3", row("Élie", 4)),
         ("remove", "u1", None), ("remove", "u3", None), ("put", "u2", row("Durand", 32))]


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


def stored(collection, table_id, buckets) -> list[bytes | None]:
    """The head and the chunks of `buckets`, as bytes, with the table id made neutral."""
    docs = [collection.find_one({"_id": i}) for i in [table_id, *(chunk_id(table_id, b) for b in buckets)]]
    return [d and bson.encode({**d, "_id": d["_id"].replace(table_id, "T")}) for d in docs]


def test_a_crash_before_any_write_heals_on_redelivery(settings_for):
    settings = settings_for("sharing")
    client = MongoClient(settings.mongo_uri)
    real = client[settings.db_name]["org_tables"]
    fake = FakeDatabase(only_id_lookups=True)["org_tables"]
    buckets = sorted({bucket_of(key) for _, key, _ in STEPS})
    reader = TableReader(real)
    for step in range(len(STEPS)):
        clean = str(uuid.uuid4())
        play(fake, clean, STEPS[:step + 1])
        expected = stored(fake, clean, buckets)
        for nth in (1, 2, 3):  # before the chunk, before the head, no crash (delivered twice)
            table_id = str(uuid.uuid4())
            reader.rows(table_id)
            play(real, table_id, STEPS[:step])
            reader.rows(table_id)  # cached before the crash
            play(real, table_id, STEPS[step:step + 1], crash_at=(0, nth))
            assert stored(real, table_id, buckets) == expected, (step, nth)
            assert reader.rows(table_id) == TableReader(fake).rows(clean)
            assert dict(iter_rows(real, table_id)) == dict(iter_rows(fake, clean))
    page = reader.query(table_id, "lastName", "asc", name="durand")
    assert [r["key"] for r in page.rows] == ["u2"] and page.total == 1
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
    documents = stored(real, table_id, range(BUCKETS))
    assert documents == stored(fake, table_id, range(BUCKETS))
    assert sum(1 for d in documents[1:] if d) == len({bucket_of(key) for key in rows})  # a chunk per bucket used
    assert TableReader(real).rows(table_id) == TableReader(fake).rows(table_id)
    assert len(TableReader(real).rows(table_id)) == 1203
    client.close()
