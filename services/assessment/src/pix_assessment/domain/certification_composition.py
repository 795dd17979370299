"""The questions of a certification test (docs/domain.md §6, v2 rules), as a pure function.

For each certifiable competence (level >= 1), the candidate's validated skills are taken
from the hardest to the easiest, with one challenge per skill, until 3 per competence
(so at most 16 × 3 = 48). Decisions:
- a skill's challenge is one the candidate has not seen if there is any, else a seen one:
  the skill is still worth certifying, and a seen question beats none;
- a skill with no validated challenge is passed over for the next easier one; a
  competence with fewer than 3 such skills gets fewer questions (scoring judges on what
  was asked);
- ties (skills of one level, a skill's challenges) are broken by a hash of the seed, so the
  same seed composes the same test and another seed may not.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from .content import Bank, Challenge, Skill
from .knowledge import VALIDATED, KnowledgeElement

QUESTIONS_PER_COMPETENCE = 3
MIN_CERTIFIABLE_LEVEL = 1


@dataclass(frozen=True)
class CertificationQuestion:
    competence_code: str
    skill: str
    challenge_id: str


def compose(bank: Bank, levels_by_competence: Mapping[str, int],
            knowledge: Mapping[str, KnowledgeElement], seen: frozenset[str],
            seed: str) -> tuple[CertificationQuestion, ...]:
    """The test, competence by competence (by code); `knowledge` maps skill name → current
    element, `seen` holds the challenge ids the candidate already answered."""
    questions: list[CertificationQuestion] = []
    for code in sorted(levels_by_competence):
        if levels_by_competence[code] >= MIN_CERTIFIABLE_LEVEL and code in bank.competence_by_code:
            questions += _of_competence(bank, code, knowledge, seen, seed)
    return tuple(questions)


def _of_competence(bank: Bank, code: str, knowledge: Mapping[str, KnowledgeElement],
                   seen: frozenset[str], seed: str) -> list[CertificationQuestion]:
    challenges_by_skill: dict[str, list[Challenge]] = {}
    for challenge in bank.challenges_of(code):  # validated ones only
        challenges_by_skill.setdefault(challenge.skill, []).append(challenge)
    validated = [s for s in bank.skills_of(code)
                 if s.name in knowledge and knowledge[s.name].status == VALIDATED]
    hardest_first = sorted(validated, key=lambda s: (-s.level, _tie(seed, s.name)))
    picked: list[CertificationQuestion] = []
    for skill in hardest_first:
        challenge = _pick(skill, challenges_by_skill.get(skill.name, []), seen, seed)
        if challenge is not None:
            picked.append(CertificationQuestion(code, skill.name, challenge.id))
        if len(picked) == QUESTIONS_PER_COMPETENCE:
            break
    return picked


def _pick(skill: Skill, challenges: list[Challenge], seen: frozenset[str], seed: str) -> Challenge | None:
    if not challenges:
        return None
    return min(challenges, key=lambda c: (c.id in seen, _tie(seed, f"{skill.name}:{c.id}")))


def _tie(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()
