"""Who may take a certification (docs/domain.md §6): at least 5 competences at level >= 1."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MIN_CERTIFIABLE_COMPETENCES = 5
MIN_CERTIFIABLE_LEVEL = 1


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    certifiable_competences: tuple[str, ...]  # competence codes at level >= 1, sorted
    missing: int  # how many more certifiable competences are needed (0 when eligible)


def eligibility(levels_by_competence: Mapping[str, int]) -> Eligibility:
    certifiable = tuple(sorted(code for code, level in levels_by_competence.items()
                               if level >= MIN_CERTIFIABLE_LEVEL))
    missing = max(0, MIN_CERTIFIABLE_COMPETENCES - len(certifiable))
    return Eligibility(eligible=missing == 0, certifiable_competences=certifiable, missing=missing)
