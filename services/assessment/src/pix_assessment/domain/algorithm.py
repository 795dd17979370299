"""Adaptive positioning on one competence (docs/domain.md §4), as pure functions.

`next_challenge(situation)` returns the challenge to ask, or None when the test is over.
Everything it needs is in the `Situation`: the competence's skills and challenges, the
person's knowledge elements, the challenges already answered, the last one's timer, and
the assessment id that seeds the deterministic pick (so a resume asks the same thing).
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .content import Challenge, Skill
from .knowledge import DIRECT, VALIDATED, KnowledgeElement

FIRST_CHALLENGE_DIFFICULTY = 2
DEFAULT_LEVEL = 2.0
LEVELS = tuple(x / 2 for x in range(1, 16))  # 0.5, 1.0 … 7.5
EASY_TUBE_MAX_DIFFICULTY = 3
TOO_DIFFICULT_GAP = 2
# Two virtual answers keep the estimate finite: a success at 0, a failure at 7.
VIRTUAL_ANSWERS = ((0, 1.0), (7, 0.0))


@dataclass(frozen=True)
class Situation:
    assessment_id: str
    skills: Sequence[Skill]  # the competence's skills
    challenges: Sequence[Challenge]  # its validated challenges
    knowledge: Mapping[str, KnowledgeElement]  # skill name → current element
    answered: frozenset[str]  # challenge ids answered in this assessment
    seen_before: frozenset[str] = frozenset()  # answered in earlier assessments: asked again only if needed
    last_was_timed: bool = False


def probability(level: float, difficulty: float) -> float:
    return 1.0 / (1.0 + math.exp(-(level - difficulty)))


def estimated_level(skills_by_name: Mapping[str, Skill], knowledge: Mapping[str, KnowledgeElement]) -> float:
    """The level minimizing |Σ(outcome − P)| over direct elements and the two virtual answers;
    the lowest such level on a tie."""
    outcomes = [(skills_by_name[ke.skill].level, 1.0 if ke.status == VALIDATED else 0.0)
                for ke in knowledge.values() if ke.source == DIRECT and ke.skill in skills_by_name]
    outcomes += VIRTUAL_ANSWERS

    def gap(level: float) -> float:
        return abs(sum(outcome - probability(level, difficulty) for difficulty, outcome in outcomes))
    return min(LEVELS, key=gap)


def easy_tubes(skills: Sequence[Skill]) -> frozenset[str]:
    hardest: dict[str, int] = {}
    for skill in skills:
        hardest[skill.tube] = max(hardest.get(skill.tube, 0), skill.level)
    return frozenset(tube for tube, level in hardest.items() if level <= EASY_TUBE_MAX_DIFFICULTY)


def reward(skill: Skill, level: float, skills: Sequence[Skill], knowledge: Mapping[str, KnowledgeElement]) -> float:
    """What asking this skill is expected to teach: P × the untested easier-or-equal skills of
    its tube (validated on a success) + (1 − P) × the untested harder-or-equal ones."""
    untested = [s for s in skills if s.tube == skill.tube and s.name not in knowledge]
    p = probability(level, skill.level)
    return (p * sum(1 for s in untested if s.level <= skill.level)
            + (1 - p) * sum(1 for s in untested if s.level >= skill.level))


def playable(situation: Situation, *, avoid_timed: bool) -> dict[str, list[Challenge]]:
    """Skill name → challenges that may be asked: untested skills, unanswered challenges,
    unseen ones first (earlier assessments), untimed ones only when timed must be avoided."""
    by_skill: dict[str, list[Challenge]] = {}
    for challenge in situation.challenges:
        if challenge.skill in situation.knowledge or challenge.id in situation.answered:
            continue
        if avoid_timed and challenge.is_timed:
            continue
        by_skill.setdefault(challenge.skill, []).append(challenge)
    for name, challenges in by_skill.items():
        unseen = [c for c in challenges if c.id not in situation.seen_before]
        by_skill[name] = sorted(unseen or challenges, key=lambda c: c.id)
    return by_skill


def _keep_easy_tubes(candidates: list[Skill], skills: Sequence[Skill]) -> list[Skill]:
    easy = easy_tubes(skills)
    preferred = [s for s in candidates if s.tube in easy]
    return preferred or candidates


def avoids_timed(situation: Situation) -> bool:
    """Timed challenges wait right after a timed one (never two in a row), and at the first
    challenge unless only timed ones are left: a test never fails to open for that."""
    if situation.last_was_timed:
        return True
    return not situation.answered and bool(playable(situation, avoid_timed=True))


def candidate_skills(situation: Situation) -> tuple[list[Skill], float]:
    """The skills that may be asked next, all with the best reward, and the level estimate."""
    first = not situation.answered
    by_skill = playable(situation, avoid_timed=avoids_timed(situation))
    skills_by_name = {s.name: s for s in situation.skills}
    candidates = _keep_easy_tubes([skills_by_name[name] for name in sorted(by_skill)], situation.skills)
    if first:
        at_two = [s for s in candidates if s.level == FIRST_CHALLENGE_DIFFICULTY]
        lowest = min((s.level for s in candidates), default=None)
        return (at_two or [s for s in candidates if s.level == lowest]), DEFAULT_LEVEL
    level = estimated_level(skills_by_name, situation.knowledge)
    candidates = [s for s in candidates if s.level - level <= TOO_DIFFICULT_GAP]
    rewards = {s.name: reward(s, level, situation.skills, situation.knowledge) for s in candidates}
    best = max(rewards.values(), default=0.0)
    if best <= 0:
        return [], level
    return [s for s in candidates if math.isclose(rewards[s.name], best, rel_tol=1e-12)], level


def _seeded_index(seed: str, size: int) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") % size


def next_challenge(situation: Situation) -> Challenge | None:
    skills, _ = candidate_skills(situation)
    if not skills:
        return None
    turn = len(situation.answered)
    skill = skills[_seeded_index(f"{situation.assessment_id}:{turn}:skill", len(skills))]
    challenges = playable(situation, avoid_timed=avoids_timed(situation))[skill.name]
    return challenges[_seeded_index(f"{situation.assessment_id}:{turn}:challenge", len(challenges))]
