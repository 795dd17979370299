"""The candidate vault: who each listed candidate is (names, birth date and place, e-mails...),
kept out of the session's events, which are published (docs/adr/0016).

`candidate_vault` `{_id: "<session id>:<candidate id>", session_id, fields}`, one document per
candidate, inserted before the CandidatesAdded that names it and never updated, so two members
adding candidates to one session at once never overwrite each other (the local store loses
concurrent updates of one document). The session's state says which ids are listed: entries it
does not name (a removed candidate, an add whose append lost a race) are ignored by readers.
Reads are `_id` finds, one per listed candidate (a room holds a few dozen).

`person:<user id>` `{entries: {"<session id>:<candidate id>": true}}` lists the entries of the
candidates a person joined as, written before the join is appended, so that an erasure
(UserAnonymized) finds them without a scan and removes them: the names leave the lists, the
live lists and the certificates, which read them from here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from pixkit.upserts import upsert_one
from pymongo.errors import DuplicateKeyError

COLLECTION = "candidate_vault"


def _entry_id(session_id: str, candidate_id: str) -> str:
    return f"{session_id}:{candidate_id}"


class CandidateVault:
    def __init__(self, collection) -> None:
        self.collection = collection

    def put(self, session_id: str, pairs: Iterable[tuple[str, Mapping]]) -> None:
        """(candidate id, fields) pairs; ids are fresh uuids, so a duplicate key is a retry."""
        for candidate_id, fields in pairs:
            try:
                self.collection.insert_one({"_id": _entry_id(session_id, candidate_id), "session_id": session_id,
                                            "fields": dict(fields)})
            except DuplicateKeyError:
                continue

    def listed(self, session_id: str, candidate_ids: Iterable[str]) -> dict[str, dict]:
        """The fields of each id given that the vault holds (erased ones are missing)."""
        found = {}
        for candidate_id in candidate_ids:
            doc = self.collection.find_one({"_id": _entry_id(session_id, candidate_id)})
            if doc is not None:
                found[candidate_id] = doc["fields"]
        return found

    def forget(self, session_id: str, candidate_ids: Iterable[str]) -> None:
        for candidate_id in candidate_ids:  # one by one: an `_id` $in scans on the local store
            self.collection.delete_one({"_id": _entry_id(session_id, candidate_id)})

    def remember_person(self, user_id: str, session_id: str, candidate_id: str) -> None:
        upsert_one(self.collection, {"_id": f"person:{user_id}"},
                   {"$set": {f"entries.{_entry_id(session_id, candidate_id)}": True}})

    def forget_person(self, user_id: str) -> None:
        """Every entry the person joined as, then their list."""
        doc = self.collection.find_one({"_id": f"person:{user_id}"}) or {}
        for entry_id in sorted(doc.get("entries") or {}):
            self.collection.delete_one({"_id": entry_id})
        self.collection.delete_one({"_id": f"person:{user_id}"})
