"""Chunked tables: one organization's (or one campaign's) rows, readable in a few `_id` finds.

The local store answers only `_id` lookups fast (docs/adr/0004: a filter on an organization
field scans, 27 s at 100 000 documents), so a table is stored as documents found by `_id`
only, in one collection:

    {_id: "<table id>", chunk_versions: ["", "3f9a0c1d2e4b", …], version: "9c1e0b7a55d2"}   the head
    {_id: "<table id>:<bucket>", packed: "eJyrVkrOzytJzSvRy8..."}                           a chunk

The layout is a function of the rows alone, never of the order they came in: a replay
reads the topics' partitions in another order than the live loops did and must write the
very same bytes (tests/e2e/test_replay_sharing.py). A row's bucket is a stable hash of its
key (blake2b) mod BUCKETS; a bucket's chunk exists while the bucket has rows (a removal
that empties it deletes it, and the head goes with the table's last row). A chunk's
version is a digest of its packed text; the head holds one per bucket ("" for an empty
one) and, as its own version, a digest of that list.

A chunk's rows `{<row key>: <row dict>}` are packed into one string: JSON (sorted keys, so
the same rows give the same text, in any order of arrival), zlib, base64 (a string, so
that documents stay JSON for the tools that compare or dump them). Measured on FerretDB
1.24 (SQLite), a chunk of 500 rows as a nested document took 390 ms to read and 270 ms to
update (the store converts every field); packed (34 KB) it takes 5 ms to read and 9 ms to
write. A chunk is rewritten whole on each change, which only its one writer does.

Write side (`ChunkedTable`): ONE consumer loop per collection writes (FerretDB loses
concurrent updates of one document; pixkit.memberships measured it). Each change writes the
chunk, then the head. A crash between the two heals when the event is delivered again:
put and remove compare the head's digest for the bucket with the digest of the chunk as
stored, and announce the stored one when they differ, even when the row itself is already
stored.

Read side (`TableReader`): one `_id` find of the head per request; only the buckets whose
digest moved are fetched again (one `_id` find each). What the reader holds of a bucket is
keyed by the digest of the chunk it read, not by the head's: a chunk read just after a
write, before its head moved, is fetched again until the head names it, so that rows that
come back to an earlier digest are never mistaken for the ones held. Rows are kept as
tuples, and each sorted order is computed once per table version.
"""
from __future__ import annotations

import base64
import hashlib
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

# 100 000 rows give chunks of about 400 rows (packed, about 30 KB each).
BUCKETS = 256
_KEY = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _checked(name: str, value: str) -> str:
    # Keys become field names and `_id` pieces: no `.`, `$` or `:` may slip in.
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise ValueError(f"{name} must be 1-128 letters, digits, '_' or '-': {value!r}")
    return value


def bucket_of(key: str) -> int:
    """The bucket of a row key, the same in every process and Python (no `hash()`: salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % BUCKETS


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def chunk_id(table_id: str, bucket: int) -> str:
    return f"{table_id}:{bucket}"


def pack(rows: dict) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode())).decode("ascii")


def unpack(doc: dict | None) -> dict:
    """The rows of a chunk document (none for a missing one)."""
    return json.loads(zlib.decompress(base64.b64decode(doc["packed"]))) if doc and doc.get("packed") else {}


def stored_digest(doc: dict | None) -> str:
    """The version of a chunk document as stored ("" for a missing one)."""
    return digest(doc["packed"]) if doc and doc.get("packed") else ""


def _as_stored(row: dict) -> dict:
    return json.loads(json.dumps(row))  # as it reads back: a tuple is stored as a list


class ChunkedTable:
    """One table's write side, over the collection that holds it."""

    def __init__(self, collection, table_id: str) -> None:
        self.collection = collection
        self.table_id = _checked("table id", table_id)

    def _head(self) -> list[str]:
        """The digest the head announces for each bucket."""
        head = self.collection.find_one({"_id": self.table_id}) or {}
        versions = list(head.get("chunk_versions", []))[:BUCKETS]
        return versions + [""] * (BUCKETS - len(versions))

    def _chunk(self, bucket: int) -> tuple[str, dict]:
        doc = self.collection.find_one({"_id": chunk_id(self.table_id, bucket)})
        return stored_digest(doc), unpack(doc)

    def _write_chunk(self, bucket: int, rows: dict) -> str:
        if not rows:
            self.collection.delete_one({"_id": chunk_id(self.table_id, bucket)})
            return ""
        packed = pack(rows)
        upsert_one(self.collection, {"_id": chunk_id(self.table_id, bucket)}, {"$set": {"packed": packed}})
        return digest(packed)

    def _announce(self, versions: list[str]) -> None:
        if not any(versions):  # no rows left: no head either, as if the table never had any
            self.collection.delete_one({"_id": self.table_id})
            return
        upsert_one(self.collection, {"_id": self.table_id},
                   {"$set": {"chunk_versions": versions, "version": digest(",".join(versions))}})

    def get(self, key: str) -> dict | None:
        return self._chunk(bucket_of(_checked("row key", key)))[1].get(key)

    def _change(self, key: str, change: Callable[[dict], dict | None]) -> bool:
        """Applies `change` to the rows of `key`'s bucket (None: nothing to change), then
        announces the chunk. True when anything was written."""
        bucket = bucket_of(key)
        versions = self._head()
        stored, rows = self._chunk(bucket)
        changed = change(rows)
        if changed is not None:
            stored = self._write_chunk(bucket, changed)
        elif stored == versions[bucket]:
            return False
        # Also when the rows were already there: a crash came between the chunk and the head.
        versions[bucket] = stored
        self._announce(versions)
        return True

    def put(self, key: str, row: dict) -> bool:
        """Stores `row` (JSON values) under `key`; False (nothing written) when that very row
        is stored and announced."""
        _checked("row key", key)
        row = _as_stored(row)
        return self._change(key, lambda rows: None if rows.get(key) == row else {**rows, key: row})

    def remove(self, key: str) -> bool:
        """Removes the row of `key`; False (nothing written) when there was none to remove
        or to announce."""
        _checked("row key", key)
        return self._change(key, lambda rows: {k: v for k, v in rows.items() if k != key} if key in rows else None)

    def load(self, rows: dict[str, dict]) -> None:
        """Adds many rows at once, one write per bucket then the head: a bulk load
        (benchmarks, an import). It writes the documents puts of the same rows would, and
        run again after a failure it ends the same."""
        by_bucket: dict[int, dict] = {}
        for key, row in rows.items():
            by_bucket.setdefault(bucket_of(_checked("row key", key)), {})[key] = _as_stored(row)
        versions = self._head()
        for bucket in sorted(by_bucket):
            versions[bucket] = self._write_chunk(bucket, {**self._chunk(bucket)[1], **by_bucket[bucket]})
        self._announce(versions)


def iter_rows(collection, table_id: str) -> Iterator[tuple[str, dict]]:
    """Every (key, row) of a table, one chunk in memory at a time (for exports; no cache),
    in bucket order, keys sorted within a bucket."""
    head = collection.find_one({"_id": _checked("table id", table_id)})
    if head is None:
        return
    for bucket, version in enumerate(head.get("chunk_versions", [])):
        if version:
            yield from unpack(collection.find_one({"_id": chunk_id(table_id, bucket)})).items()


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
        # Per bucket, the digest of the chunk as read ("" for none): compared with the head's.
        self.versions: list[str] = []
        self.version: str | None = None
        self.chunks: dict[int, list[tuple]] = {}
        self.rows: tuple[tuple, ...] = ()
        self.derived: dict[Any, Any] = {}
        self.per_chunk: dict[Any, dict[str, Any]] = {}


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
        head = self.collection.find_one({"_id": table_id}) or {}
        versions = list(head.get("chunk_versions", []))
        with table.lock:
            if versions == table.versions and table.version is not None:
                return table
            held = table.versions + [""] * (len(versions) - len(table.versions))
            moved = [b for b, v in enumerate(versions) if v and held[b] != v]
            # One find_one per bucket: FerretDB 1.24 answers `_id: {$in: [...]}` by a scan
            # (measured: 470 ms for one id among 10 000 documents), an `_id` equality by its index.
            fetched = {b: self.collection.find_one({"_id": chunk_id(table_id, b)}) for b in moved}
            read = [held[b] if versions[b] and b not in fetched else "" for b in range(len(versions))]
            chunks = {b: rows for b, rows in table.chunks.items() if b < len(read) and read[b]}
            for b, doc in fetched.items():
                read[b] = stored_digest(doc)
                if read[b]:
                    chunks[b] = [self.shape.compact(key, row) for key, row in unpack(doc).items()]
            table.chunks, table.versions, table.version = chunks, read, head.get("version", "")
            table.rows = tuple(row for b in sorted(chunks) for row in chunks[b])
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
        """`compute(rows of one chunk)` for each chunk, in bucket order, each kept while its
        chunk's digest holds: for figures that add up, so that a change costs one chunk, not
        the table."""
        table = self._refresh(table_id)
        with table.lock:
            versions, chunks = table.versions, table.chunks
            cache = table.per_chunk.get(name, {})
        values, kept = [], {}
        for b in sorted(chunks):
            version = versions[b]
            value = kept[version] = cache[version] if version in cache else compute(tuple(chunks[b]))
            values.append(value)
        with table.lock:
            table.per_chunk[name] = kept  # the digests of now only: a moved chunk's old sums go
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
