"""Fakes for unit tests: a tiny in-memory document store, and settings for tests.

FakeCollection implements only what the platform's hot paths use (docs/architecture.md §2: lookups
by `_id`, single-document conditional updates): equality, $or/$and, $exists, $lt/$lte/
$gt/$gte/$in/$ne filters; $set/$setOnInsert/$inc/$unset updates; upserts that collide on
`_id` like the real store. Anything else raises NotImplementedError, so a fake can never
silently disagree with MongoDB or FerretDB: those run in the integration tier.

`FakeDatabase(only_id_lookups=True)` (or `FakeDatabase.ONLY_ID_LOOKUPS = True` for a whole
test suite) refuses, with `ScanRefused`, any read or write whose filter is not an `_id`
equality: on the local store anything else scans the whole collection (docs/adr/0004), an
`_id` `$in` too (1.4 s for one id among 20 000 documents, docs/benchmarks.md), so a service
whose every query must stay fast proves it in its unit tests.
"""
from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from .auth import AUDIENCE, ISSUER, TokenVerifier
from .settings import Settings

_MISSING = object()


def unit_settings(service: str, **changes: Any) -> Settings:
    """Settings that point nowhere real: unit tests must not need infrastructure."""
    base = Settings(service=service, kafka_bootstrap="127.0.0.1:1", mongo_uri="mongodb://127.0.0.1:1/",
                    db_prefix="unit_", testing=True)
    return base.but(**changes) if changes else base


def _get(doc: dict, path: str) -> Any:
    node: Any = doc
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _set(doc: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        doc = doc.setdefault(part, {})
    doc[last] = value


def _unset(doc: dict, path: str) -> None:
    *parents, last = path.split(".")
    for part in parents:
        doc = doc.get(part, {})
    doc.pop(last, None)


_COMPARE = {"$lt": lambda a, b: a < b, "$lte": lambda a, b: a <= b,
            "$gt": lambda a, b: a > b, "$gte": lambda a, b: a >= b}


def _match_value(value: Any, condition: Any) -> bool:
    if not (isinstance(condition, dict) and condition and all(k.startswith("$") for k in condition)):
        return value is not _MISSING and value == condition
    for op, arg in condition.items():
        if op == "$exists":
            ok = (value is not _MISSING) == bool(arg)
        elif op in _COMPARE:
            ok = value is not _MISSING and _COMPARE[op](value, arg)
        elif op == "$in":
            ok = value is not _MISSING and value in arg
        elif op == "$ne":
            ok = value is _MISSING or value != arg
        else:
            raise NotImplementedError(f"FakeCollection does not support {op}")
        if not ok:
            return False
    return True


_FILTER_OPS = {"$exists", "$in", "$ne", *_COMPARE}


def _refuse_nested_arrays(value: Any, inside_array: bool = False) -> None:
    """FerretDB 1.24 refuses an array inside an array (docs/store-features.md), and every store
    a key holding a '.' or starting with '$' inside a document: so does the fake."""
    if isinstance(value, list):
        if inside_array:
            raise NotImplementedError("nested arrays: the local store refuses an array inside an array")
        for item in value:
            _refuse_nested_arrays(item, True)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and ("." in key or key.startswith("$")):
                raise NotImplementedError(f"invalid key {key!r}: the store refuses '.' and a leading '$' in keys")
            _refuse_nested_arrays(item, False)


class ScanRefused(AssertionError):
    """A query the local store would answer by scanning the collection."""


def _anchored(query: dict) -> bool:
    key = query.get("_id", _MISSING)
    return key is not _MISSING and not isinstance(key, dict)
_UPDATE_OPS = {"$set", "$setOnInsert", "$inc", "$unset"}


def _check_filter(query: dict) -> None:
    """Refuse unsupported operators up front, even when no document would be tested."""
    for key, condition in query.items():
        if key in ("$or", "$and"):
            for sub in condition:
                _check_filter(sub)
        elif key.startswith("$"):
            raise NotImplementedError(f"FakeCollection does not support {key}")
        elif isinstance(condition, dict) and any(k.startswith("$") for k in condition):
            unknown = set(condition) - _FILTER_OPS
            if unknown:
                raise NotImplementedError(f"FakeCollection does not support {sorted(unknown)}")


def _check_update(update: dict) -> None:
    unknown = set(update) - _UPDATE_OPS
    if unknown:
        raise NotImplementedError(f"FakeCollection does not support {sorted(unknown)}")


def matches(doc: dict, query: dict) -> bool:
    for key, condition in query.items():
        if key == "$or":
            ok = any(matches(doc, sub) for sub in condition)
        elif key == "$and":
            ok = all(matches(doc, sub) for sub in condition)
        elif key.startswith("$"):
            raise NotImplementedError(f"FakeCollection does not support {key}")
        else:
            ok = _match_value(_get(doc, key), condition)
        if not ok:
            return False
    return True


@dataclass
class Result:
    matched_count: int = 0
    modified_count: int = 0
    upserted_id: Any = None
    inserted_id: Any = None
    deleted_count: int = 0


class FakeCollection:
    def __init__(self, name: str, only_id_lookups: bool = False) -> None:
        self.name = name
        self.docs: dict[Any, dict] = {}
        self.only_id_lookups = only_id_lookups

    def _check_anchor(self, query: dict) -> None:
        if self.only_id_lookups and not _anchored(query):
            raise ScanRefused(f"{self.name}: {query!r} is not an _id lookup; the local store would scan")

    def insert_one(self, doc: dict) -> Result:
        if "_id" not in doc:
            raise NotImplementedError("FakeCollection needs an explicit _id")
        _refuse_nested_arrays(doc)
        if doc["_id"] in self.docs:
            raise DuplicateKeyError(f"E11000 duplicate key: {self.name} {doc['_id']!r}", 11000)
        self.docs[doc["_id"]] = copy.deepcopy(doc)
        return Result(inserted_id=doc["_id"])

    def _first(self, query: dict) -> dict | None:
        _check_filter(query)
        self._check_anchor(query)
        if "_id" in query and not isinstance(query["_id"], dict):
            doc = self.docs.get(query["_id"])
            return doc if doc is not None and matches(doc, query) else None
        return next((d for d in self.docs.values() if matches(d, query)), None)

    def find_one(self, query: dict | None = None) -> dict | None:
        doc = self._first(query or {})
        return copy.deepcopy(doc) if doc is not None else None

    def find(self, query: dict | None = None) -> list[dict]:
        """Matching documents in insertion order (no cursor methods: sort and limit scan anyway)."""
        query = query or {}
        _check_filter(query)
        self._check_anchor(query)
        return [copy.deepcopy(d) for d in self.docs.values() if matches(d, query)]

    def count_documents(self, query: dict) -> int:
        _check_filter(query)
        self._check_anchor(query)
        return sum(1 for d in self.docs.values() if matches(d, query))

    def update_one(self, query: dict, update: dict, upsert: bool = False) -> Result:
        _check_update(update)
        doc = self._first(query)
        if doc is not None:
            before = copy.deepcopy(doc)
            self._apply(doc, update, inserting=False)
            return Result(matched_count=1, modified_count=int(doc != before))
        if not upsert:
            return Result()
        new = {k: v for k, v in query.items() if not k.startswith("$") and not isinstance(v, dict)}
        self._apply(new, update, inserting=True)
        self.insert_one(new)  # collides on _id like the real store when the guard failed
        return Result(upserted_id=new["_id"])

    def replace_one(self, query: dict, replacement: dict, upsert: bool = False) -> Result:
        doc = self._first(query)
        if doc is None:
            if not upsert:
                return Result()
            self.insert_one({**replacement, "_id": query["_id"]})
            return Result(upserted_id=query["_id"])
        _refuse_nested_arrays(replacement)
        self.docs[doc["_id"]] = copy.deepcopy({"_id": doc["_id"], **{k: v for k, v in replacement.items()
                                                                    if k != "_id"}})
        return Result(matched_count=1, modified_count=1)

    def find_one_and_update(self, query: dict, update: dict, upsert: bool = False,
                            return_document: bool = ReturnDocument.BEFORE) -> dict | None:
        doc = self._first(query)
        before = copy.deepcopy(doc)
        result = self.update_one(query, update, upsert=upsert)
        if doc is None and result.upserted_id is None:
            return None  # the filter matched nothing, as MongoDB answers
        if return_document == ReturnDocument.AFTER:
            return self.find_one({"_id": (doc or {}).get("_id", query.get("_id"))})
        return before

    def delete_one(self, query: dict) -> Result:
        doc = self._first(query)
        if doc is None:
            return Result()
        del self.docs[doc["_id"]]
        return Result(deleted_count=1)

    def delete_many(self, query: dict) -> Result:
        _check_filter(query)
        self._check_anchor(query)
        doomed = [k for k, d in self.docs.items() if matches(d, query)]
        for key in doomed:
            del self.docs[key]
        return Result(deleted_count=len(doomed))

    @staticmethod
    def _apply(doc: dict, update: dict, inserting: bool) -> None:
        for op, fields in update.items():
            if op == "$setOnInsert" and not inserting:
                continue
            for path, value in fields.items():
                _refuse_nested_arrays(value)
                if op in ("$set", "$setOnInsert"):
                    _set(doc, path, copy.deepcopy(value))
                elif op == "$inc":
                    current = _get(doc, path)
                    _set(doc, path, (0 if current is _MISSING else current) + value)
                elif op == "$unset":
                    _unset(doc, path)
                else:
                    raise NotImplementedError(f"FakeCollection does not support {op}")


class LosesTheRace:
    """A collection whose first upsert loses a race: another writer inserts `theirs` between
    the upsert's find and its insert, and the upsert fails with a duplicate key, as the local
    store's (non-atomic) upsert does."""

    def __init__(self, collection, theirs: dict) -> None:
        self.collection, self.theirs, self.raced = collection, theirs, False

    def _race(self, upsert: bool) -> None:
        if upsert and not self.raced:
            self.raced = True
            self.collection.insert_one(dict(self.theirs))
            raise DuplicateKeyError(f"E11000 duplicate key: {self.theirs['_id']!r}", 11000)

    def update_one(self, query, update, upsert=False):
        self._race(upsert)
        return self.collection.update_one(query, update, upsert=upsert)

    def find_one_and_update(self, query, update, upsert=False, return_document=None):
        self._race(upsert)
        return self.collection.find_one_and_update(query, update, upsert=upsert, return_document=return_document)

    def find_one(self, query):
        return self.collection.find_one(query)


class FakeDatabase:
    ONLY_ID_LOOKUPS = False

    def __init__(self, name: str = "unit", only_id_lookups: bool | None = None) -> None:
        self.name = name
        self.collections: dict[str, FakeCollection] = {}
        self.only_id_lookups = self.ONLY_ID_LOOKUPS if only_id_lookups is None else only_id_lookups

    def __getitem__(self, name: str) -> FakeCollection:
        return self.collections.setdefault(name, FakeCollection(name, self.only_id_lookups))

    def drop_collection(self, name: str) -> None:
        self.collections.pop(name, None)


class TokenMint:
    """Signs access tokens as identity does, with a key of its own, and gives the matching
    verifier: services' unit tests check authorization with the real TokenVerifier."""

    def __init__(self, clock=None) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.jwks = {"keys": [{**json.loads(OKPAlgorithm.to_jwk(self.key.public_key())), "kid": "test-key"}]}
        self.clock = clock or (lambda: datetime.now(UTC))

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(keys=self.jwks, clock=self.clock)

    def token(self, user_id: str, roles=(), session_id: str | None = None, epoch: int | None = None) -> str:
        now = self.clock()
        claims = {"sub": user_id, "aud": AUDIENCE, "iss": ISSUER, "iat": int(now.timestamp()),
                  "exp": int((now + timedelta(minutes=15)).timestamp()), "jti": str(uuid.uuid4()),
                  "roles": list(roles)}
        if session_id is not None:
            claims["sid"] = session_id
        if epoch is not None:
            claims["epoch"] = epoch
        return jwt.encode(claims, self.key, algorithm="EdDSA", headers={"kid": "test-key"})

    def headers(self, user_id: str, roles=(), **claims) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user_id, roles, **claims)}"}


class Clock:
    """A clock that moves only when a test says so (UTC, aware)."""

    START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or self.START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)
