"""Knowledge elements (docs/domain.md §4): what an answer says about a person's skills.

A direct element is the answered skill itself; propagation infers the rest of its tube:
a success on difficulty k validates the untested easier skills, a failure (or a skip)
invalidates the untested harder ones.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .content import Skill

VALIDATED, INVALIDATED = "validated", "invalidated"
DIRECT, INFERRED = "direct", "inferred"
# Answer statuses (docs/domain.md §3) that count as a success; everything else is a failure.
SUCCESS_STATUSES = frozenset({"ok"})


@dataclass(frozen=True)
class KnowledgeElement:
    skill: str
    status: str  # validated | invalidated
    source: str  # direct | inferred
    assessment_id: str
    at: str  # ISO 8601 UTC of the answer that produced it


def produced_by(answered: Skill, succeeded: bool, tube_skills: Iterable[Skill],
                known: Mapping[str, KnowledgeElement], assessment_id: str, at: str) -> list[KnowledgeElement]:
    """The elements one answer adds: the direct one first, then the inferred ones by level."""
    status = VALIDATED if succeeded else INVALIDATED
    out = [KnowledgeElement(answered.name, status, DIRECT, assessment_id, at)]
    for skill in sorted(tube_skills, key=lambda s: s.level):
        if skill.name == answered.name or skill.name in known:
            continue
        easier, harder = skill.level < answered.level, skill.level > answered.level
        if (succeeded and easier) or (not succeeded and harder):
            out.append(KnowledgeElement(skill.name, status, INFERRED, assessment_id, at))
    return out
