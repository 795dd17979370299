"""Certification's queries (the read side): each reads certification's own read models by `_id`."""
from __future__ import annotations

from dataclasses import dataclass

from pixkit.events import Meta

from ..domain.eligibility import Eligibility, eligibility
from ..projections.profiles import levels_of


@dataclass(frozen=True)
class ReadEligibility:
    user_id: str


def read_eligibility(query: ReadEligibility, meta: Meta | None = None, *,
                     profiles) -> tuple[Eligibility, dict[str, int]]:
    """Whether the person may take a certification, why not, and the levels it is judged on."""
    levels = levels_of(profiles, query.user_id)
    return eligibility(levels), levels
