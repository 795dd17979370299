"""The `profiles` read model: one document per person, `_id` = user id.

Documents hold only what events say (no wall-clock time, no random ids), so that a
rebuild from the topics gives byte-identical documents (DESIGN.md §3).
"""
from __future__ import annotations

from typing import Any

from pixkit.events import Envelope
from pixkit.projection import apply_once

from ..domain.competences import COMPETENCE_CODES

COLLECTION = "profiles"


def empty_profile() -> dict[str, Any]:
    return {"total_pix": 0, "competences": [{"code": code, "level": 0, "pix": 0} for code in COMPETENCE_CODES]}


def on_user_registered(envelope: Envelope, *, profiles) -> None:
    # $setOnInsert: if a later event of this person already made the document, keep it.
    apply_once(profiles, envelope.data["user_id"], envelope, {"$setOnInsert": empty_profile()})


def on_user_anonymized(envelope: Envelope, *, profiles) -> None:
    """Erasure: the document keeps only its id and what it applied (so an older event
    redelivered later cannot bring the profile back), and reads answer 404."""
    apply_once(profiles, envelope.data["user_id"], envelope,
               {"$set": {"erased": True}, "$unset": {"total_pix": "", "competences": ""}})
