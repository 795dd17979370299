"""Sharing's own copies of what other services publish (docs/architecture.md §1: never read another
service's database). A shared snapshot will be made from them: names from the people
topic, the profile from ProfileUpdated.

- `people`: `_id` = user id → first name, last name, email. A tombstone deletes it: an
  erased person's names must leave sharing too (docs/architecture.md §5).
- `profiles`: `_id` = user id → the latest profile (total pix, the 16 competences),
  guarded per source stream by apply_once, so duplicates and older events change nothing.
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.projection import apply_once

PEOPLE, PROFILES = "people", "profiles"


def on_person(user_id: str, person: dict | None, *, people) -> None:
    """The compacted topic gives each key's values in order: the last one wins."""
    if person is None:
        people.delete_one({"_id": user_id})
        return
    people.update_one({"_id": user_id}, {"$set": {"first_name": person["first_name"],
                                                    "last_name": person["last_name"], "email": person["email"],
                                                    "updated_at": person["updated_at"]}}, upsert=True)


def on_profile_updated(envelope: Envelope, *, profiles) -> None:
    data = envelope.data
    apply_once(profiles, data["user_id"], envelope, {"$set": {
        "total_pix": data["total_pix"], "competences": data["competences"], "updated_at": data["updated_at"]}})


def on_user_anonymized(envelope: Envelope, *, people) -> None:
    """Belt and braces beside the tombstone: whichever comes first erases the names."""
    people.delete_one({"_id": envelope.data["user_id"]})
