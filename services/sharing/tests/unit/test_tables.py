"""Chunked tables: a layout that is a function of the rows alone (any order of puts and
removes gives the same bytes), the write side's no-ops and crash healing, the reader's
cache and queries."""
import hashlib
import random

import bson
import pytest
from pix_sharing.adapters import tables
from pix_sharing.adapters.tables import ChunkedTable, TableReader, bucket_of, chunk_id, iter_rows
from pixkit.testing import FakeDatabase

pytestmark = pytest.mark.unit

ORG = "0d6f4c1e-7b2a-4e8f-9c3d-5a1b2c3d4e5f"


def row(last="Martin", first="Alice", pix=10, shared="2026-09-01T10:00:00.000000Z", **more):
    return {"l": last, "f": first, "d": shared, "p": pix, "c": 2, "s": "", "k": [],
            "lv": "0" * 16, "px": [0] * 16, "n": 0, "sh": "share-1", **more}


@pytest.fixture
def few_buckets(monkeypatch):
    """Two buckets: several rows share one, as at 100 000 rows in 256."""
    monkeypatch.setattr(tables, "BUCKETS", 2)


def collection(only_id_lookups=True):
    return FakeDatabase(only_id_lookups=only_id_lookups)["org_tables"]


def snapshot(coll):
    return {k: v for k, v in sorted(coll.docs.items())}


def as_bytes(coll) -> list[bytes]:
    """Every document as the store would hold it, field order included, sorted by `_id`."""
    return [bson.encode(doc) for _, doc in sorted(coll.docs.items())]


def head_versions(coll, table_id=ORG):
    return coll.docs[table_id]["chunk_versions"]


def test_put_stores_the_row_in_its_bucket_and_announces_the_chunk_digest():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    assert table.put("u1", row()) is True
    assert table.get("u1") == row()
    bucket = bucket_of("u1")
    chunk = coll.docs[chunk_id(ORG, bucket)]
    assert set(chunk) == {"_id", "packed"}  # one value for the store to read
    assert tables.unpack(chunk) == {"u1": row()}
    versions = [""] * tables.BUCKETS
    versions[bucket] = tables.digest(chunk["packed"])
    assert coll.docs[ORG] == {"_id": ORG, "chunk_versions": versions, "version": tables.digest(",".join(versions))}
    assert sorted(coll.docs) == sorted([ORG, chunk_id(ORG, bucket)])  # no key documents


def test_buckets_are_stable_and_spread():
    # The same in every process and release: a bucket is stored, a replay must find it again.
    assert bucket_of("u1") == int.from_bytes(hashlib.blake2b(b"u1", digest_size=8).digest(), "big") % 256
    assert len({bucket_of(f"user-{i}") for i in range(2000)}) == 256


def test_an_equal_row_writes_nothing():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    table.put("u1", row())
    before = snapshot(coll)
    assert table.put("u1", row()) is False
    assert snapshot(coll) == before


def test_a_changed_row_changes_its_bucket_digest_only():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    keys = [f"u{i}" for i in range(6)]
    for i, key in enumerate(keys):
        table.put(key, row(pix=i))
    before = list(head_versions(coll))
    table.put("u0", row(pix=99))
    after = head_versions(coll)
    assert [b for b in range(tables.BUCKETS) if before[b] != after[b]] == [bucket_of("u0")]
    assert sum(1 for v in after if v) == len({bucket_of(k) for k in keys})


def test_a_bucket_holds_every_row_that_hashes_to_it(few_buckets):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(7):
        table.put(f"u{i}", row(pix=i))
    for bucket in range(2):
        assert sorted(tables.unpack(coll.docs[chunk_id(ORG, bucket)])) == \
               sorted(f"u{i}" for i in range(7) if bucket_of(f"u{i}") == bucket)
    assert len(head_versions(coll)) == 2 and all(head_versions(coll))


def test_remove_drops_the_row_then_the_empty_chunk_then_the_head():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    table.put("u1", row())
    table.put("u2", row(last="Durand"))
    assert bucket_of("u1") != bucket_of("u2")
    assert table.remove("u1") is True
    assert table.get("u1") is None
    assert chunk_id(ORG, bucket_of("u1")) not in coll.docs  # its bucket is empty: no chunk
    assert head_versions(coll)[bucket_of("u1")] == ""
    assert table.remove("u1") is False
    assert table.remove("u2") is True
    assert coll.docs == {}  # no rows left: no documents, as if the table never had any
    assert table.remove("u2") is False and coll.docs == {}


def test_a_removal_keeps_the_other_rows_of_its_bucket(few_buckets):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    same = [f"u{i}" for i in range(8) if bucket_of(f"u{i}") == 0][:2]
    for key in same:
        table.put(key, row(last=key))
    table.remove(same[0])
    assert tables.unpack(coll.docs[chunk_id(ORG, 0)]) == {same[1]: row(last=same[1])}
    assert head_versions(coll)[0] == tables.digest(coll.docs[chunk_id(ORG, 0)]["packed"])


def interleaved(histories: dict[str, list], seed: int) -> list:
    """The steps of every key in the key's own order, the keys interleaved at random: what
    a replay does, each key's events in one partition, the partitions read in another order."""
    rng, left, steps = random.Random(seed), {k: list(v) for k, v in histories.items()}, []
    while left:
        key = rng.choice(sorted(left))
        steps.append((key, left[key].pop(0)))
        if not left[key]:
            del left[key]
    return steps


HISTORIES = {f"u{i}": [row(pix=i)] for i in range(40)}
HISTORIES["u3"] += [row(pix=30), row(pix=30)]        # a change, then the same row again
HISTORIES["u5"] += [None]                             # shared, then erased
HISTORIES["u8"] += [row(pix=80, k=["c1"]), None, None]
HISTORIES["gone"] = [None]                            # erased before anything came


def play(coll, steps, table_id=ORG):
    for key, value in steps:
        table = ChunkedTable(coll, table_id)
        table.remove(key) if value is None else table.put(key, value)


@pytest.mark.parametrize("buckets", [2, 256])
def test_the_same_puts_and_removes_in_any_order_give_byte_identical_documents(monkeypatch, buckets):
    monkeypatch.setattr(tables, "BUCKETS", buckets)
    live, replayed, loaded = collection(), collection(), collection()
    play(live, interleaved(HISTORIES, seed=1))
    play(replayed, interleaved(HISTORIES, seed=2))
    assert interleaved(HISTORIES, seed=1) != interleaved(HISTORIES, seed=2)
    assert as_bytes(live) == as_bytes(replayed)
    assert len(live.docs) > 1
    final = {k: v[-1] for k, v in HISTORIES.items() if v[-1] is not None}
    ChunkedTable(loaded, ORG).load(dict(reversed(final.items())))
    assert as_bytes(loaded) == as_bytes(live)  # a bulk load writes what the puts wrote
    assert dict(iter_rows(live, ORG)) == final


def test_every_row_removed_in_any_order_leaves_nothing():
    coll = collection()
    steps = interleaved({f"u{i}": [row(pix=i), None] for i in range(10)}, seed=3)
    play(coll, steps)
    assert coll.docs == {}


def test_a_row_with_tuples_is_stored_once():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    assert table.put("u1", row(k=("c1",))) is True
    assert table.put("u1", row(k=("c1",))) is False
    assert table.get("u1")["k"] == ["c1"]


def test_a_bulk_load_adds_to_the_rows_there(few_buckets):
    loaded, put = collection(), collection()
    ChunkedTable(put, ORG).put("u0", row())
    ChunkedTable(loaded, ORG).put("u0", row())
    rows = {f"u{i}": row(pix=i) for i in range(1, 8)}
    for key, value in rows.items():
        ChunkedTable(put, ORG).put(key, value)
    ChunkedTable(loaded, ORG).load(rows)
    assert as_bytes(loaded) == as_bytes(put)
    assert TableReader(loaded).rows(ORG) == TableReader(put).rows(ORG)
    ChunkedTable(loaded, ORG).load(rows)  # run again (after a failure): the same documents
    assert as_bytes(loaded) == as_bytes(put)


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


def _heals(action, prepare=lambda table: None, writes=2):
    """After a crash before any of the action's writes (the chunk, then the head), delivering
    it again ends with the very documents of an action that never crashed, and a reader that
    cached what the crash left sees the result."""
    clean = collection()
    prepare(ChunkedTable(clean, ORG))
    action(ChunkedTable(clean, ORG))
    for n in range(1, writes + 2):
        coll = collection()
        prepare(ChunkedTable(coll, ORG))
        reader = TableReader(coll)
        reader.rows(ORG)
        crashing = ChunkedTable(CrashOnNthWrite(coll, n), ORG)
        if n <= writes:
            with pytest.raises(Crash):
                action(crashing)
        else:
            assert action(crashing) is True  # no crash: the action made `writes` writes
        reader.rows(ORG)  # a reader caching what the crash left
        # True after a crash: the whole action, or the head announcing the chunk already written
        assert action(ChunkedTable(coll, ORG)) is (n <= writes), n
        assert as_bytes(coll) == as_bytes(clean), n
        assert action(ChunkedTable(coll, ORG)) is False, n  # healed: a third delivery writes nothing
        assert reader.rows(ORG) == TableReader(coll).rows(ORG) == TableReader(clean).rows(ORG)


def test_a_new_row_heals_after_a_crash():
    _heals(lambda t: t.put("u2", row(last="Durand")), prepare=lambda t: t.put("u1", row()))


def test_a_first_row_heals_after_a_crash():
    _heals(lambda t: t.put("u1", row()))


def test_a_changed_row_heals_after_a_crash():
    _heals(lambda t: t.put("u1", row(pix=50)), prepare=lambda t: t.put("u1", row()))


def test_a_removal_heals_after_a_crash(few_buckets):
    same = [f"u{i}" for i in range(8) if bucket_of(f"u{i}") == 0][:2]
    _heals(lambda t: t.remove(same[0]), prepare=lambda t: [t.put(k, row(last=k)) for k in same])


def test_a_removal_that_empties_a_bucket_heals_after_a_crash():
    _heals(lambda t: t.remove("u1"), prepare=lambda t: (t.put("u1", row()), t.put("u2", row(last="Durand"))))


def test_removing_the_last_row_heals_after_a_crash():
    _heals(lambda t: t.remove("u1"), prepare=lambda t: t.put("u1", row()))


def test_iter_rows_reads_only_the_buckets_with_rows():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(9):
        table.put(f"u{i}", row(pix=i))
    table.remove("u1")
    counted = Counting(coll)
    keys = [key for key, _ in iter_rows(counted, ORG)]
    assert sorted(keys) == sorted(f"u{i}" for i in range(9) if i != 1)
    assert len(counted.finds) == 1 + len({bucket_of(k) for k in keys})
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


def test_the_reader_reloads_only_the_buckets_that_moved():
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(7):
        table.put(f"u{i:04d}", row(pix=i))
    moved = "u0003"
    counted = Counting(coll)
    reader = TableReader(counted)
    assert len(reader.rows(ORG)) == 7
    assert len(counted.finds) == 1 + len({bucket_of(f"u{i:04d}") for i in range(7)})
    counted.finds.clear()
    reader.rows(ORG)
    assert counted.finds == [("one", {"_id": ORG})]
    table.put(moved, row(pix=-1))
    counted.finds.clear()
    rows = reader.rows(ORG)
    assert counted.finds == [("one", {"_id": ORG}), ("one", {"_id": chunk_id(ORG, bucket_of(moved))})]
    assert [r for r in rows if r[0] == moved][0][reader.shape.index("p")] == -1
    table.remove(moved)
    assert moved not in [r[0] for r in reader.rows(ORG)]


def test_the_reader_keys_a_chunk_by_what_it_read_not_by_the_head():
    """A chunk read after its write but before its head (a crash between them, or a reader
    between the two writes) is not taken for the rows the head names, even when the rows
    come back to those."""
    coll = collection()
    ChunkedTable(coll, ORG).put("u1", row(pix=1))
    ChunkedTable(coll, ORG).put("u2", row(pix=2))
    reader = TableReader(coll)
    with pytest.raises(Crash):  # the chunk says pix 9, the head still names pix 1
        ChunkedTable(CrashOnNthWrite(coll, 2), ORG).put("u1", row(pix=9))
    assert {r[0]: r[reader.shape.index("p")] for r in reader.rows(ORG)} == {"u1": 9, "u2": 2}
    ChunkedTable(coll, ORG).put("u1", row(pix=1))  # back to the rows the head named all along
    assert {r[0]: r[reader.shape.index("p")] for r in reader.rows(ORG)} == {"u1": 1, "u2": 2}


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


def test_per_chunk_values_are_recomputed_for_the_chunk_that_moved_only(few_buckets):
    coll = collection()
    table = ChunkedTable(coll, ORG)
    for i in range(7):
        table.put(f"u{i}", row(pix=i))
    reader, seen = TableReader(coll), []
    in_bucket = [[i for i in range(7) if bucket_of(f"u{i}") == b] for b in range(2)]

    def pix(rows):
        seen.append(sorted(r[0] for r in rows))
        return sum(r[reader.shape.index("p")] for r in rows)
    assert reader.per_chunk(ORG, "pix", pix) == [sum(in_bucket[0]), sum(in_bucket[1])]
    assert reader.per_chunk(ORG, "pix", pix) == [sum(in_bucket[0]), sum(in_bucket[1])] and len(seen) == 2
    table.put("u4", row(pix=40))
    b = bucket_of("u4")
    expected = [sum(in_bucket[0]), sum(in_bucket[1])]
    expected[b] += 36
    assert reader.per_chunk(ORG, "pix", pix) == expected
    assert seen[2:] == [sorted(f"u{i}" for i in in_bucket[b])]


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
