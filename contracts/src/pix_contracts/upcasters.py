"""How an event written in an older version of its contract is read in the next one
(docs/adr/0010-event-versions-and-upcasters.md).

Every consumer of a contract needs the same step, so it lives with the contracts, not in a
service. One pure function per (wire name, from version) that returns the data of
version + 1: nothing but the data itself goes in (no clock, no lookup), so that a replay of
old events gives the same read model as the live loop did. pixkit's consumer chains them
and validates each result against its version's contract.
"""
from __future__ import annotations

from collections.abc import Callable

from .framework import progress


def competence_evaluated_v1_to_v2(data: dict) -> dict:
    """v2 carries the pix toward the next level, which every reader of v1 recomputed."""
    return {**data, "progress": progress(data["pix"], data["level"], data["max_level"])}


# (wire name, from version) → the data of from version + 1.
UPCASTERS: dict[tuple[str, int], Callable[[dict], dict]] = {
    ("CompetenceEvaluated", 1): competence_evaluated_v1_to_v2,
}
