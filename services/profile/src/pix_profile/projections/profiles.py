"""The `profiles` read model: one document per person, `_id` = user id.

Documents hold only what events say (no wall-clock time, no random ids), so that a
rebuild from the topics gives byte-identical documents (docs/architecture.md §3).
"""
from __future__ import annotations

from typing import Any

from pixkit.events import Envelope
from pixkit.projection import apply_once

COLLECTION = "profiles"


def empty_profile() -> dict[str, Any]:
    """Competences by code ("1_3": no dots in field names); absent ones are at level 0."""
    return {"competences": {}}


def competence_key(code: str) -> str:
    return code.replace(".", "_")


def on_user_registered(envelope: Envelope, *, profiles) -> None:
    # $setOnInsert: if a later event of this person already made the document, keep it.
    apply_once(profiles, envelope.data["user_id"], envelope, {"$setOnInsert": empty_profile()})


def on_competence_evaluated(envelope: Envelope, *, profiles) -> None:
    """A competence's level, pix and progress (CompetenceEvaluated v2), as assessment last
    evaluated them (a reset included). Each competence is its own stream upstream, so its
    guard is its own too."""
    data = envelope.data
    result = {"level": data["level"], "pix": data["pix"], "progress": data["progress"]}
    apply_once(profiles, data["user_id"], envelope, {"$set": {
        f"competences.{competence_key(data['competence_code'])}": result}})


def on_user_anonymized(envelope: Envelope, *, profiles) -> None:
    """Erasure: the document keeps only its id and what it applied (so an older event
    redelivered later cannot bring the profile back), and reads answer 404."""
    apply_once(profiles, envelope.data["user_id"], envelope,
               {"$set": {"erased": True}, "$unset": {"competences": ""}})
