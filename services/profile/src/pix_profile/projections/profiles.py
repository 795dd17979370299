"""The `profiles` read model: one document per person, `_id` = user id.

Documents hold only what events say (no wall-clock time, no random ids), so that a
rebuild from the topics gives byte-identical documents (docs/architecture.md §3). A person's
document merges two topics (identity's and assessment's), whose records a replay reads in
another order than they came live: each write that changed it is followed by
`keep_canonical`, which rewrites it with sorted keys when they are not.
"""
from __future__ import annotations

from typing import Any

from pixkit.events import Envelope
from pixkit.projection import apply_once
from pixkit.upserts import keep_canonical

COLLECTION = "profiles"


def empty_profile() -> dict[str, Any]:
    """Competences by code ("1_3": no dots in field names); absent ones are at level 0."""
    return {"competences": {}}


def competence_key(code: str) -> str:
    return code.replace(".", "_")


def _apply(profiles, user_id: str, envelope: Envelope, update: dict) -> None:
    if apply_once(profiles, user_id, envelope, update):
        keep_canonical(profiles, user_id)


def on_user_registered(envelope: Envelope, *, profiles) -> None:
    # $setOnInsert: if a later event of this person already made the document, keep it.
    _apply(profiles, envelope.data["user_id"], envelope, {"$setOnInsert": empty_profile()})


def on_competence_evaluated(envelope: Envelope, *, profiles) -> None:
    """A competence's level, pix and progress (CompetenceEvaluated v2), as assessment last
    evaluated them (a reset included). Each competence is its own stream upstream, so its
    guard is its own too."""
    data = envelope.data
    result = {"level": data["level"], "pix": data["pix"], "progress": data["progress"]}
    _apply(profiles, data["user_id"], envelope, {"$set": {
        f"competences.{competence_key(data['competence_code'])}": result}})


def on_user_anonymized(envelope: Envelope, *, profiles) -> None:
    """Erasure: the document keeps only its id and what it applied (so an older event
    redelivered later cannot bring the profile back), and reads answer 404."""
    _apply(profiles, envelope.data["user_id"], envelope, {"$set": {"erased": True}, "$unset": {"competences": ""}})
