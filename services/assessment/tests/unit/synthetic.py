"""A small hand-made competence for worked examples: tubes and skills chosen per test."""
from __future__ import annotations

from pix_assessment.domain.content import Challenge, Skill


def skills(tube: str, levels, competence: str = "9.9") -> list[Skill]:
    return [Skill(f"@{tube}{n}", tube, n, competence) for n in levels]


def challenge_for(skill: Skill, suffix: str = "a", timer: int | None = None) -> Challenge:
    return Challenge(id=f"{skill.tube}{skill.level}-{suffix}", skill=skill.name, type="QROC",
                     instruction_fr="?", instruction_en=None, solution=("x",), tolerances=frozenset({"t1"}),
                     timer=timer, competence_code=skill.competence_code, level=skill.level)
