"""Who belongs to what, and with which role: a read model each service keeps of its own
members (sharing's organization members ADMIN / MEMBER, certification's center members),
checked on every request by `pixkit.web.membership.require_member` (docs/architecture.md §6:
each service decides membership-based access itself, from its own data).

The local store answers only `_id` lookups fast (docs/adr/0004; a filter on any other field
scans: 27 s for one organization among 100 000 documents), so every read and every write
here is anchored on an `_id`. One collection, `memberships`, holds three kinds of document,
told apart by how many `:`-separated parts their `_id` has (a part never holds a `:`):

    {_id: "<scope>:<scope_id>:<user_id>", role: "ADMIN", position: 7}     the member
    {_id: "<scope>:<scope_id>:<user_id>", revoked: true, position: 9}     a revoked member
    {_id: "<scope>:<scope_id>", members: {<user_id>: {role, position}}}   the scope's roster
    {_id: "<user_id>", memberships: {"<scope>:<scope_id>": true}}         the person's index
    {_id: "<user_id>", erased: true}                                      an erased person

- `role_of` is the request-time check: one `_id` find of the member document.
- `members_of` reads the roster, one `_id` find, and returns every member at once. A roster
  lists a scope's staff (an organization's members, a center's), not the people who shared
  with it, so it stays small; a `find({"scope": …})` on a secondary field would instead
  scan the whole collection on FerretDB (MongoDB in production could index it).
- `erase_person` (UserAnonymized) reads the person's index, one `_id` find, to know which
  member documents and roster entries to remove: no scan of the collection. The index
  costs one more write per grant or revocation, which only happen when an admin acts.

`position` is the position of the event that set the membership, in the one stream that
holds a scope's membership events (e.g. `organization-<id>`): a write applies only when its
position is above the stored one, so a duplicate or an older event arriving later is a
no-op, and a revocation keeps its position in a tombstone so that an older grant delivered
after it cannot bring the member back. Member document and roster entry are each guarded
this way on their own (the local store has no multi-document transaction).

Erasure wins over everything, in any order: `erase_person` marks the person's index erased
first, then removes what it lists and drops the list, leaving `{_id, erased: true}`. A grant
or revocation registers in the person's index first (refused once erased), writes, then
looks at the index again and removes its own writes if an erasure came meanwhile. Either
the erasure sees the membership in the index, or the grant sees the erasure: the member
never outlives it. A roster left empty by an erasure is removed, as if that person had
never been granted anything. Every write tolerates the local store's non-atomic upsert
(pixkit.upserts).

One writer at a time, on the local store. FerretDB 1.24 runs every update as "read, change,
write back" without isolation: measured, 12 concurrent `$set`s of distinct fields of one
document kept 5 (1 when guarded). MongoDB applies each update atomically, so concurrent
writers are safe there; locally, keep this collection written by one consumer loop, i.e.
one subscription that takes both the service's membership events and UserAnonymized (a
worker runs each subscription in one thread), and one worker. A second writer (a web
process writing its own grants, another subscription, a second worker on other partitions)
could lose an entry of a person's index, and an erasure would then miss that membership.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .upserts import keep_canonical, upsert_and_get, upsert_one

COLLECTION = "memberships"
_PART = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _part(name: str, value: str) -> str:
    # Parts become `_id` pieces and field names: no `:`, `.` or `$` may slip in.
    if not isinstance(value, str) or not _PART.fullmatch(value):
        raise ValueError(f"{name} must be 1-128 letters, digits, '_' or '-': {value!r}")
    return value


def _newer(field: str, position: int) -> dict:
    return {"$or": [{field: {"$exists": False}}, {field: {"$lt": position}}]}


@dataclass(frozen=True)
class Memberships:
    """The service's memberships, over its own `memberships` collection."""

    collection: Any

    def grant(self, scope: str, scope_id: str, user_id: str, role: str, position: int) -> None:
        """`user_id` holds `role` in the scope (a new member, or a role change)."""
        if not isinstance(role, str) or not role:
            raise ValueError(f"a role is a non-empty string: {role!r}")
        self._apply(scope, scope_id, user_id, position, {"role": role})

    def revoke(self, scope: str, scope_id: str, user_id: str, position: int) -> None:
        """`user_id` no longer belongs to the scope; any grant older than `position` stays void."""
        self._apply(scope, scope_id, user_id, position, {"revoked": True})

    def erase_person(self, user_id: str) -> None:
        """Every trace of the person's memberships goes, and none may come back (UserAnonymized)."""
        _part("user_id", user_id)
        upsert_one(self.collection, {"_id": user_id}, {"$set": {"erased": True}})
        index = self.collection.find_one({"_id": user_id}) or {}
        for place in index.get("memberships") or {}:
            scope, scope_id = place.split(":")
            self._remove(scope, scope_id, user_id)
        self.collection.update_one({"_id": user_id, "erased": True}, {"$unset": {"memberships": ""}})

    def role_of(self, scope: str, scope_id: str, user_id: str) -> str | None:
        """The role `user_id` holds in the scope, or None: one `_id` find."""
        doc = self.collection.find_one({"_id": self._member_id(scope, scope_id, user_id)})
        return None if doc is None or doc.get("revoked") else doc.get("role")

    def members_of(self, scope: str, scope_id: str) -> dict[str, str]:
        """{user id: role} of the scope's current members, by user id: one `_id` find."""
        roster = self.collection.find_one({"_id": self._roster_id(scope, scope_id)}) or {}
        members = roster.get("members") or {}
        return {uid: entry["role"] for uid, entry in sorted(members.items()) if not entry.get("revoked")}

    @staticmethod
    def _roster_id(scope: str, scope_id: str) -> str:
        return f"{_part('scope', scope)}:{_part('scope_id', scope_id)}"

    def _member_id(self, scope: str, scope_id: str, user_id: str) -> str:
        return f"{self._roster_id(scope, scope_id)}:{_part('user_id', user_id)}"

    def _apply(self, scope: str, scope_id: str, user_id: str, position: int, state: dict) -> None:
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise ValueError(f"a position is a non-negative integer: {position!r}")
        member, roster = self._member_id(scope, scope_id, user_id), self._roster_id(scope, scope_id)
        index = upsert_and_get(self.collection, {"_id": user_id, "erased": {"$ne": True}},
                               {"$set": {f"memberships.{roster}": True}})
        if index is None or index.get("erased"):
            return  # erased people are never members again
        other = {"revoked": ""} if "role" in state else {"role": ""}
        upsert_one(self.collection, {"_id": member, **_newer("position", position)},
                   {"$set": {**state, "position": position}, "$unset": other})
        upsert_one(self.collection, {"_id": roster, **_newer(f"members.{user_id}.position", position)},
                   {"$set": {f"members.{user_id}": {**state, "position": position}}})
        if (self.collection.find_one({"_id": user_id}) or {}).get("erased"):
            self._remove(scope, scope_id, user_id)  # an erasure ran meanwhile and may have missed these
        # A person's scopes come from several partitions, in any order: a replay writes the same bytes.
        keep_canonical(self.collection, user_id)

    def _remove(self, scope: str, scope_id: str, user_id: str) -> None:
        roster = self._roster_id(scope, scope_id)
        self.collection.delete_one({"_id": self._member_id(scope, scope_id, user_id)})
        self.collection.update_one({"_id": roster}, {"$unset": {f"members.{user_id}": ""}})
        self.collection.delete_one({"_id": roster, "members": {}})


def memberships_of(db) -> Memberships:
    """The read model over the service's database; its collection belongs in the service's
    `read_model_collections`, so that `pix replay` rebuilds it."""
    return Memberships(db[COLLECTION])


def on_user_anonymized(envelope, *, memberships: Memberships) -> None:
    """The handler to wire, next to the service's own membership events, on UserAnonymized."""
    memberships.erase_person(envelope.data["user_id"])
