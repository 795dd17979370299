"""The share vault: the personal data of each share, kept out of the events.

`share_vault` `{_id: <share id>, user_id, first_name, last_name, student_number}`. The web
handler inserts the entry before it appends ProfileShared, so that the projection always
finds it by the event's share id; it is never updated. An erasure deletes the person's
entries (projections/shares.py), those no event names included (adapters/vault_people.py).
A command-side collection: a replay does not rebuild it.
"""
from __future__ import annotations

from dataclasses import dataclass

from pymongo.errors import DuplicateKeyError

from . import vault_people

COLLECTION = "share_vault"


@dataclass(frozen=True)
class SharedIdentity:
    user_id: str
    first_name: str
    last_name: str
    student_number: str | None


class ShareVault:
    def __init__(self, collection) -> None:
        self.collection = collection

    def put(self, share_id: str, identity: SharedIdentity) -> None:
        vault_people.remember(self.collection, identity.user_id, share_id)
        try:
            self.collection.insert_one({"_id": share_id, "user_id": identity.user_id,
                                        "first_name": identity.first_name, "last_name": identity.last_name,
                                        "student_number": identity.student_number})
        except DuplicateKeyError:  # share ids are fresh uuids: only a retried insert lands here
            if self.get(share_id) != identity:
                raise

    def get(self, share_id: str) -> SharedIdentity | None:
        doc = self.collection.find_one({"_id": share_id})
        if doc is None:
            return None
        return SharedIdentity(doc["user_id"], doc.get("first_name") or "", doc.get("last_name") or "",
                              doc.get("student_number"))

    def forget_person(self, user_id: str) -> None:
        vault_people.forget_person(self.collection, user_id)

    def forget(self, share_ids: list[str]) -> None:
        if share_ids:
            for share_id in share_ids:  # one by one: an `_id` $in scans on the local store
                self.collection.delete_one({"_id": share_id})
