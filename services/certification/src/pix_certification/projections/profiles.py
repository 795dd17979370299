"""Certification's copy of each person's levels, from ProfileUpdated (docs/architecture.md §1:
never read another service's database): `profiles`, `_id` = user id → {competence code:
level}. Eligibility is read from it, and a course starts from the levels it holds then.

ProfileUpdated carries the whole profile, so the latest one per person wins (apply_once on
profile's stream of that person). UserAnonymized leaves `{_id, erased: true}`, so that no later
event brings the levels back (one loop handles both: the check cannot race).
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.projection import apply_once
from pixkit.upserts import upsert_one

COLLECTION = "profiles"


def on_profile_updated(envelope: Envelope, *, profiles) -> None:
    data = envelope.data
    if (profiles.find_one({"_id": data["user_id"]}) or {}).get("erased"):
        return
    levels = {c["code"].replace(".", "_"): c["level"] for c in data["competences"]}  # no dots in field names
    apply_once(profiles, data["user_id"], envelope, {"$set": {"levels": levels}})


def on_user_anonymized(envelope: Envelope, *, profiles) -> None:
    upsert_one(profiles, {"_id": envelope.data["user_id"]},
               {"$set": {"erased": True}, "$unset": {"levels": "", "applied": ""}})


def levels_of(profiles, user_id: str) -> dict[str, int]:
    """{competence code "1.1": level}; empty for someone without a profile yet (or erased)."""
    doc = profiles.find_one({"_id": user_id}) or {}
    return {code.replace("_", "."): level for code, level in (doc.get("levels") or {}).items()}
