"""Sharing's own copies of what other services publish (docs/architecture.md §1: never read another
service's database). A shared snapshot will be made from them: names from the people
topic, the profile from ProfileUpdated.

- `people`: `_id` = user id → first name, last name, email. A tombstone deletes it: an
  erased person's names must leave sharing too (docs/architecture.md §5).
- `profiles`: `_id` = user id → the latest profile (total pix, the 16 competences),
  guarded per source stream by apply_once, so duplicates and older events change nothing.
  UserAnonymized leaves `{_id, erased: true}` in its place, so that no later event brings the
  profile back (both are handled by the one "copies" loop, so the check cannot race).
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.projection import apply_once
from pixkit.upserts import upsert_one

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
    if (profiles.find_one({"_id": data["user_id"]}) or {}).get("erased"):
        return
    apply_once(profiles, data["user_id"], envelope, {"$set": {
        "total_pix": data["total_pix"], "competences": data["competences"], "updated_at": data["updated_at"]}})


def on_user_anonymized(envelope: Envelope, *, people, profiles) -> None:
    """Belt and braces beside the tombstone for the names; the profile copy goes too, as it
    does from profile's own read model."""
    user_id = envelope.data["user_id"]
    people.delete_one({"_id": user_id})
    upsert_one(profiles, {"_id": user_id}, {"$set": {"erased": True}, "$unset": {
        "total_pix": "", "competences": "", "updated_at": "", "applied": ""}})
