"""Chunked tables: the write side's no-ops and crash healing, the reader's cache and queries."""
import pytest
from pix_sharing.adapters import tables
from pix_sharing.adapters.tables import ChunkedTable, TableReader, iter_rows
from pixkit.testing import FakeDatabase

pytestmark = pytest.mark.unit

ORG = "0d6f4c1e-7b2a-4e8f-9c3d-5a1b2c3d4e5f"


def row(last="Martin", first="Alice", pix=10, shared="2026-09-01T10:00:00.000000Z", **more):
    return {"l": last, "f": first, "d": shared, "p": pix, "c": 2, "s": "", "k": [],
            "lv": "0" * 16, "px": [0] * 16, "n": 0, "sh": "share-1", **more}


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 3 rows: the fake store copies a whole chunk on each find, 500 would be slow."""
    monkeypatch.setattr(tables, "CHUNK_ROWS", 3)


def collection(only_id_lookups=True):
    return FakeDatabase(only_id_lookups=only_id_lookups)["org_tables"]


def snapshot(coll):
    return {k: v for k, v in sorted(coll.docs.items())}


def test_put_stores_the_row_and_bumps_chunk_and_head():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    assert table.put("u1", row()) is True
    assert table.get("u1") == row()
    assert coll.docs[ORG] == {"_id": ORG, "version": 1, "allocated": 1, "chunk_versions": [1]}
    assert tables.unpack(coll.docs[f"{ORG}:0"]) == {"u1": row()}
    assert set(coll.docs[f"{ORG}:0"]) == {"_id", "version", "packed"}  # one value for the store to read
    assert coll.docs[f"{ORG}:k:u1"] == {"_id": f"{ORG}:k:u1", "chunk": 0, "slot": 0}


def test_an_equal_row_writes_nothing():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    table.put("u1", row())
    before = snapshot(coll)
    assert table.put("u1", row()) is False
    assert snapshot(coll) == before


def test_a_changed_row_bumps_its_chunk_only(small_chunks):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(tables.CHUNK_ROWS + 1):
        table.put(f"u{i}", row(pix=i))
    assert coll.docs[ORG]["chunk_versions"] == [tables.CHUNK_ROWS, 1]
    table.put("u0", row(pix=99))
    assert coll.docs[ORG]["chunk_versions"] == [tables.CHUNK_ROWS + 1, 1]
    assert coll.docs[ORG]["allocated"] == tables.CHUNK_ROWS + 1
    assert coll.docs[f"{ORG}:k:u{tables.CHUNK_ROWS}"]["chunk"] == 1
    assert len(tables.unpack(coll.docs[f"{ORG}:0"])) == tables.CHUNK_ROWS


def test_remove_drops_row_and_key_and_bumps_the_chunk():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    table.put("u1", row())
    table.put("u2", row(last="Durand"))
    assert table.remove("u1") is True
    assert table.get("u1") is None
    assert f"{ORG}:k:u1" not in coll.docs
    assert coll.docs[ORG]["chunk_versions"] == [3]
    assert table.remove("u1") is False
    # A removed key's slot is not reused: the next key takes a new one.
    table.put("u1", row())
    assert coll.docs[f"{ORG}:k:u1"]["slot"] == 2


def test_same_events_in_a_fresh_collection_give_identical_documents():
    def play(coll):
        table = ChunkedTable(coll, ORG)
        for i in range(7):
            table.put(f"u{i}", row(pix=i))
        table.put("u3", row(pix=30))
        table.put("u3", row(pix=30))
        table.remove("u5")
        return snapshot(coll)
    assert play(collection()) == play(collection())


def test_the_same_rows_pack_to_the_same_bytes_whatever_their_order():
    first, second = collection(), collection()
    for coll, keys in ((first, ["u1", "u2", "u3"]), (second, ["u3", "u1", "u2"])):
        table = ChunkedTable(coll, ORG)
        for key in keys:
            table.put(key, row(last=key))
    assert first.docs[f"{ORG}:0"]["packed"] == second.docs[f"{ORG}:0"]["packed"]


def test_a_row_with_tuples_is_stored_once():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    assert table.put("u1", row(k=("c1",))) is True
    assert table.put("u1", row(k=("c1",))) is False
    assert table.get("u1")["k"] == ["c1"]


def test_a_bulk_load_lays_rows_out_as_puts_do(small_chunks):
    loaded, put = collection(), collection()
    ChunkedTable(put, ORG).put("u0", row())
    ChunkedTable(loaded, ORG).put("u0", row())
    rows = {f"u{i}": row(pix=i) for i in range(1, 8)}
    for key, value in rows.items():
        ChunkedTable(put, ORG).put(key, value)
    ChunkedTable(loaded, ORG).load(rows)
    assert {k: v for k, v in loaded.docs.items() if ":" in k and ":k:" in k} == \
           {k: v for k, v in put.docs.items() if ":" in k and ":k:" in k}
    for n in range(3):
        assert tables.unpack(loaded.docs[f"{ORG}:{n}"]) == tables.unpack(put.docs[f"{ORG}:{n}"])
    assert loaded.docs[ORG]["allocated"] == put.docs[ORG]["allocated"] == 8
    assert loaded.docs[ORG]["chunk_versions"] == [2, 1, 1]
    assert TableReader(loaded).rows(ORG) == TableReader(put).rows(ORG)
    ChunkedTable(loaded, ORG).put("u9", row())
    assert ChunkedTable(loaded, ORG).get("u9") == row() and loaded.docs[f"{ORG}:k:u9"]["slot"] == 8


def test_keys_must_be_plain():
    table = ChunkedTable(collection(), ORG)
    with pytest.raises(ValueError):
        table.put("a.b", row())
    with pytest.raises(ValueError):
        ChunkedTable(collection(), "x:y")


class Crash(Exception):
    pass


class CrashOnNthWrite:
    """A collection that raises before its nth write (after n-1 writes went through)."""

    def __init__(self, inner, n):
        self.inner, self.left = inner, n

    def _write(self):
        self.left -= 1
        if self.left == 0:
            raise Crash()

    def find_one(self, query):
        return self.inner.find_one(query)

    def find(self, query):
        return self.inner.find(query)

    def insert_one(self, doc):
        self._write()
        return self.inner.insert_one(doc)

    def update_one(self, query, update, upsert=False):
        self._write()
        return self.inner.update_one(query, update, upsert=upsert)

    def delete_one(self, query):
        self._write()
        return self.inner.delete_one(query)


def _heals(action, writes, prepare=lambda table: None):
    """After a crash before any of the action's writes, delivering it again ends with the
    documents of an action that never crashed, and a reader sees the result."""
    clean = collection()
    prepare(ChunkedTable(clean, ORG))
    action(ChunkedTable(clean, ORG))
    for n in range(1, writes + 1):
        coll = collection()
        prepare(ChunkedTable(coll, ORG))
        reader = TableReader(coll)
        reader.rows(ORG)
        with pytest.raises(Crash):
            action(ChunkedTable(CrashOnNthWrite(coll, n), ORG))
        reader.rows(ORG)  # a reader caching what the crash left
        action(ChunkedTable(coll, ORG))
        assert {k: v for k, v in coll.docs.items() if k != ORG} == \
               {k: v for k, v in clean.docs.items() if k != ORG}, n
        head = coll.docs[ORG]
        assert head["chunk_versions"] == [coll.docs[f"{ORG}:0"]["version"]]
        assert head["allocated"] == clean.docs[ORG]["allocated"]
        assert sorted(r[0] for r in reader.rows(ORG)) == sorted(tables.unpack(coll.docs[f"{ORG}:0"]))
        assert reader.rows(ORG) == TableReader(coll).rows(ORG)


def test_a_new_row_heals_after_a_crash_between_any_two_writes():
    _heals(lambda t: t.put("u2", row(last="Durand")), writes=3,
           prepare=lambda t: t.put("u1", row()))


def test_a_changed_row_heals_after_a_crash():
    _heals(lambda t: t.put("u1", row(pix=50)), writes=2, prepare=lambda t: t.put("u1", row()))


def test_a_removal_heals_after_a_crash():
    _heals(lambda t: t.remove("u1"), writes=3,
           prepare=lambda t: (t.put("u1", row()), t.put("u2", row(last="Durand"))))


def test_iter_rows_reads_chunk_by_chunk(small_chunks):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(tables.CHUNK_ROWS + 3):
        table.put(f"u{i}", row(pix=i))
    table.remove("u1")
    keys = [key for key, _ in iter_rows(coll, ORG)]
    assert len(keys) == tables.CHUNK_ROWS + 2 and "u1" not in keys
    assert list(iter_rows(coll, "nothing-here")) == []


class Counting:
    def __init__(self, inner):
        self.inner, self.finds = inner, []

    def find_one(self, query):
        self.finds.append(("one", query))
        return self.inner.find_one(query)

    def find(self, query):
        self.finds.append(("many", query))
        return self.inner.find(query)


def test_the_reader_reloads_only_the_chunks_that_moved(small_chunks):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(tables.CHUNK_ROWS * 2 + 1):
        table.put(f"u{i:04d}", row(pix=i))
    moved = f"u{tables.CHUNK_ROWS + 1:04d}"  # in chunk 1
    counted = Counting(coll)
    reader = TableReader(counted)
    assert len(reader.rows(ORG)) == tables.CHUNK_ROWS * 2 + 1
    counted.finds.clear()
    reader.rows(ORG)
    assert counted.finds == [("one", {"_id": ORG})]
    table.put(moved, row(pix=-1))
    counted.finds.clear()
    rows = reader.rows(ORG)
    assert counted.finds == [("one", {"_id": ORG}), ("one", {"_id": f"{ORG}:1"})]
    assert [r for r in rows if r[0] == moved][0][reader.shape.index("p")] == -1


def test_rows_are_tuples():
    coll = collection()
    ChunkedTable(coll, ORG).put("u1", row(k=["c1"]))
    (compact,) = TableReader(coll).rows(ORG)
    assert isinstance(compact, tuple) and compact[TableReader(coll).shape.index("k")] == ("c1",)


def filled():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    table.put("u1", row(last="Étienne", first="Zoé", pix=30, shared="2026-09-03", k=["c1"]))
    table.put("u2", row(last="durand", first="Bob", pix=10, shared="2026-09-01"))
    table.put("u3", row(last="Durand", first="Anna", pix=30, shared="2026-09-02", k=["c1", "c2"]))
    table.put("u0", row(last="Abel", first="Éloi", pix=20, shared="2026-09-04", s="42"))
    return coll, TableReader(coll)


def keys(page):
    return [r["key"] for r in page.rows]


def test_query_sorts_case_and_accent_insensitively_with_ties_by_key():
    coll, reader = filled()
    # Last names fold alike ("durand", "Durand"): then first names, then keys.
    assert keys(reader.query(ORG, "lastName", "asc")) == ["u0", "u3", "u2", "u1"]
    assert keys(reader.query(ORG, "lastName", "desc")) == ["u1", "u2", "u3", "u0"]
    assert keys(reader.query(ORG, "totalPix", "desc")) == ["u1", "u3", "u0", "u2"]
    assert keys(reader.query(ORG, "totalPix", "asc")) == ["u2", "u0", "u1", "u3"]
    assert keys(reader.query(ORG, "sharedAt", "asc")) == ["u2", "u3", "u1", "u0"]
    assert keys(reader.query(ORG, "firstName", "asc")) == ["u3", "u2", "u0", "u1"]
    assert keys(reader.query(ORG, "studentNumber", "desc"))[0] == "u0"


def test_query_filters_by_name_and_campaign():
    coll, reader = filled()
    assert keys(reader.query(ORG, name="ETIENNE")) == ["u1"]
    assert keys(reader.query(ORG, name="durand an")) == ["u3"]
    assert keys(reader.query(ORG, name="eloi")) == ["u0"]
    assert keys(reader.query(ORG, name="eloi abel")) == []  # matched on "last first"
    assert keys(reader.query(ORG, name="abel eloi")) == ["u0"]
    assert keys(reader.query(ORG, campaign="c1")) == ["u3", "u1"]
    assert keys(reader.query(ORG, campaign="c2", name="dur")) == ["u3"]
    assert reader.query(ORG, campaign="c9").total == 0


def test_query_pages():
    coll, reader = filled()
    first = reader.query(ORG, "lastName", "asc", page=1, size=3)
    last = reader.query(ORG, "lastName", "asc", page=2, size=3)
    assert (first.total, first.pages, keys(first), keys(last)) == (4, 2, ["u0", "u3", "u2"], ["u1"])
    assert reader.query(ORG, page=3, size=3).rows == []
    assert reader.query("0d6f4c1e-0000-4e8f-9c3d-5a1b2c3d4e5f").total == 0


def test_query_sees_new_rows_and_removals():
    coll, reader = filled()
    reader.query(ORG)
    ChunkedTable(coll, ORG).remove("u0")
    ChunkedTable(coll, ORG).put("u9", row(last="Aaron"))
    assert keys(reader.query(ORG)) == ["u9", "u3", "u2", "u1"]


def test_query_refuses_an_unknown_sort():
    coll, reader = filled()
    with pytest.raises(ValueError):
        reader.query(ORG, "email")


def test_derived_figures_are_computed_once_per_version():
    coll, reader = filled()
    calls = []

    def count(rows):
        calls.append(1)
        return len(rows)
    assert reader.derived(ORG, "count", count) == 4
    assert reader.derived(ORG, "count", count) == 4
    ChunkedTable(coll, ORG).put("u9", row())
    assert reader.derived(ORG, "count", count) == 5
    assert len(calls) == 2


def test_per_chunk_values_are_recomputed_for_the_chunk_that_moved_only(small_chunks):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(7):
        table.put(f"u{i}", row(pix=i))
    reader, seen = TableReader(coll), []

    def pix(rows):
        seen.append(sorted(r[0] for r in rows))
        return sum(r[reader.shape.index("p")] for r in rows)
    assert reader.per_chunk(ORG, "pix", pix) == [0 + 1 + 2, 3 + 4 + 5, 6]
    assert len(seen) == 3
    assert reader.per_chunk(ORG, "pix", pix) == [3, 12, 6] and len(seen) == 3
    table.put("u4", row(pix=40))
    assert reader.per_chunk(ORG, "pix", pix) == [3, 48, 6]
    assert seen[3:] == [["u3", "u4", "u5"]]


def test_the_least_recently_read_tables_go_beyond_the_row_budget():
    coll = collection()
    for table_id in ("t-a", "t-b", "t-c"):
        for i in range(3):
            ChunkedTable(coll, table_id).put(f"u{i}", row())
    reader = TableReader(coll, max_rows=6)
    for table_id in ("t-a", "t-b", "t-c"):
        reader.rows(table_id)
    assert list(reader._tables) == ["t-b", "t-c"]
    reader.rows("t-b")
    assert list(reader._tables) == ["t-c", "t-b"]
    small = TableReader(coll, max_rows=1)  # the table being read stays, whatever its size
    assert len(small.rows("t-a")) == 3 and list(small._tables) == ["t-a"]


def test_fold():
    assert tables.fold("Éloïse ÇA") == "eloise ca"
