"""Chunked tables: one organization's (or one campaign's) rows, readable in a few `_id` finds.

The local store answers only `_id` lookups fast (docs/adr/0004: a filter on an organization
field scans, 27 s at 100 000 documents), so a table is stored as documents found by `_id`
only, in one collection:

    {_id: "<table id>", version: 12, allocated: 1203, chunk_versions: [5, 4, 3]}     the head
    {_id: "<table id>:<n>", version: 5, packed: "eJyrVkrOzytJzSvRy8..."}          chunk n
    {_id: "<table id>:k:<row key>", chunk: n, slot: 1202}                           a key

A chunk's rows `{<row key>: <row dict>}` are packed into one string: JSON (sorted keys, so
the same rows give the same text, in any order of arrival), zlib, base64 (a string, so
that documents stay JSON for the tools that compare or dump them). Measured on FerretDB
1.24 (SQLite), a chunk of 500 rows as a nested document took 390 ms to read and 270 ms to
update (the store converts every field); packed (34 KB) it takes 5 ms to read and 9 ms to
write. A chunk is rewritten whole on each change, which only its one writer does.

A chunk holds at most CHUNK_ROWS rows: a new key takes the next slot (`allocated`), in chunk
slot // CHUNK_ROWS; a removed key leaves its slot empty (slots are never reused, so a
replay lays out every document identically).

Write side (`ChunkedTable`): ONE consumer loop per collection writes (FerretDB loses
concurrent updates of one document; pixkit.memberships measured it). Each change writes, in
this order: the key document (a new key), the chunk (its row and a new chunk version), the
head (that chunk version, the table version, the slots allocated). A crash between two of
these writes heals when the event is delivered again: the key document remembers its slot
(the head's `allocated` catches up), and a chunk whose version is ahead of the head's is
announced by the next put or remove of any of its keys, even when the row is already stored.

Read side (`TableReader`): one `_id` find of the head per request; only the chunks whose
version moved are fetched again (one `_id` find each). Chunks are written before the head, so a chunk
read after its head is at least as new as the head says. Rows are kept as tuples, and each
sorted order is computed once per table version.
"""
from __future__ import annotations

import base64
import json
import math
import re
import threading
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter
from sys import intern
from typing import Any

from pixkit.upserts import upsert_one
from pymongo.errors import DuplicateKeyError

CHUNK_ROWS = 500
_KEY = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _checked(name: str, value: str) -> str:
    # Keys become field names and `_id` pieces: no `.`, `$` or `:` may slip in.
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise ValueError(f"{name} must be 1-128 letters, digits, '_' or '-': {value!r}")
    return value


def chunk_id(table_id: str, n: int) -> str:
    return f"{table_id}:{n}"


def key_id(table_id: str, key: str) -> str:
    return f"{table_id}:k:{key}"


def pack(rows: dict) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode())).decode("ascii")


def unpack(doc: dict | None) -> dict:
    """The rows of a chunk document (none for a missing one)."""
    return json.loads(zlib.decompress(base64.b64decode(doc["packed"]))) if doc and doc.get("packed") else {}


def _chunk_version(head: dict, n: int) -> int:
    versions = head.get("chunk_versions", [])
    return versions[n] if n < len(versions) else 0


class ChunkedTable:
    """One table's write side, over the collection that holds it."""

    def __init__(self, collection, table_id: str) -> None:
        self.collection = collection
        self.table_id = _checked("table id", table_id)

    def _head(self) -> dict:
        return self.collection.find_one({"_id": self.table_id}) or {"version": 0, "allocated": 0,
                                                                     "chunk_versions": []}

    def _chunk(self, n: int) -> dict:
        doc = self.collection.find_one({"_id": chunk_id(self.table_id, n)})
        return {"version": doc.get("version", 0) if doc else 0, "rows": unpack(doc)}

    def _write_chunk(self, n: int, rows: dict, version: int) -> None:
        upsert_one(self.collection, {"_id": chunk_id(self.table_id, n)},
                   {"$set": {"version": version, "packed": pack(rows)}})

    def _announce(self, head: dict, n: int, version: int, slot: int | None = None) -> None:
        versions = list(head.get("chunk_versions", []))
        versions.extend([0] * (n + 1 - len(versions)))
        versions[n] = max(versions[n], version)
        allocated = head.get("allocated", 0)
        if slot is not None:
            allocated = max(allocated, slot + 1)
        upsert_one(self.collection, {"_id": self.table_id},
                   {"$set": {"version": head.get("version", 0) + 1, "allocated": allocated,
                             "chunk_versions": versions}})

    def get(self, key: str) -> dict | None:
        placed = self.collection.find_one({"_id": key_id(self.table_id, _checked("row key", key))})
        if placed is None:
            return None
        return self._chunk(placed["chunk"])["rows"].get(key)

    def put(self, key: str, row: dict) -> bool:
        """Stores `row` (JSON values) under `key`; False (nothing written) when that very row
        is stored."""
        _checked("row key", key)
        row = json.loads(json.dumps(row))  # as it reads back: a tuple is stored as a list
        head = self._head()
        placed = self.collection.find_one({"_id": key_id(self.table_id, key)})
        if placed is None:
            slot = head.get("allocated", 0)
            placed = {"_id": key_id(self.table_id, key), "chunk": slot // CHUNK_ROWS, "slot": slot}
            try:
                self.collection.insert_one(dict(placed))
            except DuplicateKeyError:  # written before a crash: keep the slot it took
                placed = self.collection.find_one({"_id": key_id(self.table_id, key)})
        n, slot = placed["chunk"], placed["slot"]
        chunk = self._chunk(n)
        announced = _chunk_version(head, n)
        if chunk["rows"].get(key) == row:
            if chunk["version"] <= announced and head.get("allocated", 0) > slot:
                return False
            self._announce(head, n, chunk["version"], slot)  # healing a crash before the head
            return True
        version = max(chunk["version"], announced) + 1
        self._write_chunk(n, {**chunk["rows"], key: row}, version)
        self._announce(head, n, version, slot)
        return True

    def remove(self, key: str) -> bool:
        """Removes the row of `key`; False when there was none."""
        placed = self.collection.find_one({"_id": key_id(self.table_id, _checked("row key", key))})
        if placed is None:
            return False
        n = placed["chunk"]
        head, chunk = self._head(), self._chunk(n)
        announced = _chunk_version(head, n)
        if key in chunk["rows"]:
            version = max(chunk["version"], announced) + 1
            self._write_chunk(n, {k: v for k, v in chunk["rows"].items() if k != key}, version)
            self._announce(head, n, version)
        elif chunk["version"] > announced:
            self._announce(head, n, chunk["version"])
        # Last, so that a crash before it leaves the key to find again on redelivery.
        self.collection.delete_one({"_id": placed["_id"]})
        return True


    def load(self, rows: dict[str, dict]) -> None:
        """Adds many new keys at once, one write per chunk: a bulk load (benchmarks, an
        import) into a table that holds none of them. The layout is the one puts would make,
        with each chunk's version bumped once. Not crash-safe like put: a failed load is
        run again into a fresh table."""
        head = self._head()
        slot, placed = head.get("allocated", 0), {}
        for key in rows:
            placed.setdefault((slot // CHUNK_ROWS), []).append((_checked("row key", key), slot))
            slot += 1
        versions = dict(enumerate(head.get("chunk_versions", [])))
        for n, keys in placed.items():
            key_docs = [{"_id": key_id(self.table_id, key), "chunk": n, "slot": key_slot} for key, key_slot in keys]
            if hasattr(self.collection, "insert_many"):
                self.collection.insert_many(key_docs, ordered=True)
            else:  # the unit tier's fake store
                for doc in key_docs:
                    self.collection.insert_one(doc)
            chunk = self._chunk(n)
            version = max(chunk["version"], versions.get(n, 0)) + 1
            self._write_chunk(n, {**chunk["rows"], **{key: json.loads(json.dumps(rows[key])) for key, _ in keys}},
                              version)
            versions[n] = version
        upsert_one(self.collection, {"_id": self.table_id},
                   {"$set": {"version": head.get("version", 0) + 1, "allocated": slot,
                             "chunk_versions": [versions.get(n, 0) for n in range(max(versions, default=-1) + 1)]}})


def iter_rows(collection, table_id: str) -> Iterator[tuple[str, dict]]:
    """Every (key, row) of a table, one chunk in memory at a time (for exports; no cache)."""
    head = collection.find_one({"_id": _checked("table id", table_id)})
    if head is None:
        return
    for n in range(len(head.get("chunk_versions", []))):
        yield from unpack(collection.find_one({"_id": chunk_id(table_id, n)})).items()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text: "Élodie" and "elodie" fold alike.
    Cached: names repeat, and a reader folds every row of each chunk it reads."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class RowShape:
    """Which fields of a table's rows a reader keeps, in which tuple position, and how it
    sorts and filters them. A reader row is the tuple (key, *fields, *sort values, folded
    "last first"): the sort values (folded texts) are computed once per row read, not on
    each sort."""

    fields: tuple[str, ...]
    sorts: dict[str, str | tuple[str, ...]]  # sort name on the wire -> the row field(s) compared
    last: str = "l"
    first: str = "f"
    campaigns: str | None = "k"
    defaults: dict = field(default_factory=dict)

    def index(self, name: str) -> int:
        return 1 + self.fields.index(name)

    @cached_property
    def sort_fields(self) -> tuple[str, ...]:
        specs = [(spec,) if isinstance(spec, str) else spec for spec in self.sorts.values()]
        return tuple(dict.fromkeys(name for spec in specs for name in spec))

    def sort_positions(self, sort: str) -> list[int]:
        spec = self.sorts[sort]
        start = 1 + len(self.fields)
        return [start + self.sort_fields.index(name) for name in ((spec,) if isinstance(spec, str) else spec)]

    @cached_property
    def _plan(self) -> tuple[tuple, tuple]:
        names = (self.last, self.first)
        fields = tuple((name, self.defaults.get(name), name in names) for name in self.fields)
        sorts = tuple((self.fields.index(name), name in names) for name in self.sort_fields)
        return fields, sorts

    def compact(self, key: str, row: dict) -> tuple:
        fields, sorts = self._plan
        values = []
        for name, default, is_name in fields:
            value = row.get(name, default)
            if value.__class__ is list:  # campaign ids repeat: one copy each
                value = tuple(intern(v) if v.__class__ is str else v for v in value)
            elif is_name and value.__class__ is str:
                value = intern(value)  # one copy of "Martin" for every Martin
            values.append(value)
        sort_values = []
        for index, is_name in sorts:
            value = values[index]
            if value.__class__ is str:
                if is_name:
                    value = fold(value)  # names repeat: folded once, shared by their rows
                else:
                    lower = value.casefold()  # a date, a student number: unique, not cached
                    value = value if lower == value else lower
            elif value is None:
                value = 0
            sort_values.append(value)
        return (key, *values, *sort_values, f"{fold(row.get(self.last) or '')} {fold(row.get(self.first) or '')}")

    def expand(self, compact: tuple) -> dict:
        return {"key": compact[0], **dict(zip(self.fields, compact[1:1 + len(self.fields)], strict=True))}


ORG_ROWS = RowShape(
    fields=("l", "f", "d", "p", "c", "s", "k", "lv", "px", "n", "sh"),
    sorts={"lastName": ("l", "f"), "firstName": ("f", "l"), "sharedAt": ("d",), "totalPix": ("p",),
           "profilePercent": ("c",), "studentNumber": ("s",)},
    defaults={"s": "", "k": [], "lv": "", "px": [], "n": 0},
)


@dataclass
class Page:
    rows: list[dict]
    total: int
    page: int
    pages: int
    size: int


class _Table:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.versions: list[int] = []
        self.version: int | None = None
        self.chunks: dict[int, list[tuple]] = {}
        self.rows: tuple[tuple, ...] = ()
        self.derived: dict[Any, Any] = {}
        self.per_chunk: dict[Any, dict[int, tuple[int, Any]]] = {}


class TableReader:
    """Tables as one process reads them: cached per table id, refreshed per request by one
    `_id` find of the head, and the chunks that moved. The least recently read tables are
    dropped beyond `max_tables` tables or `max_rows` rows in all (a row costs about 1 KB:
    measured, 20 000 rows took 20 MB), the one being read always kept."""

    def __init__(self, collection, shape: RowShape = ORG_ROWS, max_tables: int = 32,
                 max_rows: int = 400_000) -> None:
        self.collection, self.shape, self.max_tables, self.max_rows = collection, shape, max_tables, max_rows
        self._tables: OrderedDict[str, _Table] = OrderedDict()
        self._lock = threading.Lock()

    def _entry(self, table_id: str) -> _Table:
        with self._lock:
            table = self._tables.pop(table_id, None) or _Table()
            self._tables[table_id] = table
            return table

    def _evict(self) -> None:
        with self._lock:
            while len(self._tables) > 1 and (len(self._tables) > self.max_tables or
                                             sum(len(t.rows) for t in self._tables.values()) > self.max_rows):
                self._tables.popitem(last=False)

    def _refresh(self, table_id: str) -> _Table:
        table = self._entry(_checked("table id", table_id))
        head = self.collection.find_one({"_id": table_id}) or {"version": 0, "chunk_versions": []}
        versions = list(head.get("chunk_versions", []))
        with table.lock:
            if versions == table.versions and table.version is not None:
                return table
            moved = [n for n, v in enumerate(versions)
                     if n >= len(table.versions) or table.versions[n] != v]
            # One find_one per chunk: FerretDB 1.24 answers `_id: {$in: [...]}` by a scan
            # (measured: 470 ms for one id among 10 000 documents), an `_id` equality by its index.
            fetched = {n: self.collection.find_one({"_id": chunk_id(table_id, n)}) for n in moved}
            chunks = {n: rows for n, rows in table.chunks.items() if n < len(versions)}
            for n in moved:
                chunks[n] = [self.shape.compact(key, row) for key, row in unpack(fetched.get(n)).items()]
            table.chunks, table.versions, table.version = chunks, versions, head.get("version", 0)
            table.rows = tuple(row for n in sorted(chunks) for row in chunks[n])
            table.derived = {}
        self._evict()
        return table

    def rows(self, table_id: str) -> tuple[tuple, ...]:
        return self._refresh(table_id).rows

    def _state(self, table_id: str) -> tuple[tuple[tuple, ...], dict]:
        """The rows and their derived values, of one version (a refresh replaces both)."""
        table = self._refresh(table_id)
        with table.lock:
            return table.rows, table.derived

    @staticmethod
    def _cached(cache: dict, rows: tuple[tuple, ...], name: Any, compute: Callable) -> Any:
        # Two requests may compute the same value at once: the same result, stored twice.
        if name not in cache:
            cache[name] = compute(rows)
        return cache[name]

    def derived(self, table_id: str, name: str, compute: Callable[[tuple[tuple, ...]], Any]) -> Any:
        """`compute(rows)` once per table version (figures, indexes)."""
        rows, cache = self._state(table_id)
        return self._cached(cache, rows, name, compute)

    def per_chunk(self, table_id: str, name: str, compute: Callable[[tuple[tuple, ...]], Any]) -> list:
        """`compute(rows of one chunk)` for each chunk, each kept while its chunk's version
        holds: for figures that add up, so that a change costs one chunk, not the table."""
        table = self._refresh(table_id)
        with table.lock:
            versions, chunks = table.versions, table.chunks
            cache = table.per_chunk.setdefault(name, {})
        values = []
        for n in sorted(chunks):
            version = versions[n] if n < len(versions) else 0
            hit = cache.get(n)
            if hit is None or hit[0] != version:
                hit = cache[n] = (version, compute(tuple(chunks[n])))
            values.append(hit[1])
        return values

    def query(self, table_id: str, sort: str = "lastName", order: str = "asc", name: str | None = None,
              campaign: str | None = None, page: int = 1, size: int = 50) -> Page:
        if sort not in self.shape.sorts:
            raise ValueError(f"unknown sort {sort!r}")
        descending = order == "desc"
        rows, cache = self._state(table_id)

        def by_key(rows: tuple[tuple, ...]) -> list[tuple]:
            return sorted(rows, key=itemgetter(0))

        def ordered_rows(rows: tuple[tuple, ...]) -> list[tuple]:
            # Python's sort is stable, reversed too: ties stay in key order either way.
            return sorted(self._cached(cache, rows, "by key", by_key),
                          key=itemgetter(*self.shape.sort_positions(sort)), reverse=descending)
        ordered = self._cached(cache, rows, ("order", sort, descending), ordered_rows)
        needle = fold(name).strip() if name else ""
        if needle or campaign:
            k = self.shape.index(self.shape.campaigns) if self.shape.campaigns else None
            ordered = [r for r in ordered
                       if (not needle or needle in r[-1]) and (not campaign or (k is not None and campaign in r[k]))]
        total = len(ordered)
        pages = max(1, math.ceil(total / size))
        start = (page - 1) * size
        return Page(rows=[self.shape.expand(r) for r in ordered[start:start + size]],
                    total=total, page=page, pages=pages, size=size)
