"""Scoring (docs/domain.md §5): pix per skill, competence pix and level, progress."""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pix_contracts.framework import FRAMEWORK_MAX_LEVEL, PIX_PER_LEVEL, progress

from .content import Skill

MAX_PIX_PER_SKILL = 4
DEFAULT_MAX_LEVEL = 5


@dataclass(frozen=True)
class Score:
    pix: int
    level: int
    progress: int  # pix toward the next level (0 at the maximum level)


def pix_of_skill(skill: Skill, competence_skills: Sequence[Skill]) -> float:
    """8 shared by the active skills of the same level in the competence, at most 4."""
    same_level = sum(1 for s in competence_skills if s.level == skill.level)
    return min(MAX_PIX_PER_SKILL, PIX_PER_LEVEL / same_level)


def score(validated: Iterable[str], competence_skills: Sequence[Skill], max_level: int = DEFAULT_MAX_LEVEL) -> Score:
    if not 1 <= max_level <= FRAMEWORK_MAX_LEVEL:
        raise ValueError(f"max level must be 1..{FRAMEWORK_MAX_LEVEL}")
    by_name = {s.name: s for s in competence_skills}
    total = sum(pix_of_skill(by_name[name], competence_skills) for name in set(validated) if name in by_name)
    # A float sum of 8/3 thirds can land a hair under the integer it means.
    pix = min(math.floor(total + 1e-9), max_level * PIX_PER_LEVEL)
    level = min(pix // PIX_PER_LEVEL, max_level)
    return Score(pix, level, progress(pix, level, max_level))
