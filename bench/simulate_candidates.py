"""Simulated candidates through the adaptive test (not a test): how close does the level the
platform gives land to the candidate's true level? Results in docs/simulation.md.

    .venv/bin/python bench/simulate_candidates.py --candidates 200 --seed 1 [--slope 1] [--offset 0.5] [--max-level 8]

For every competence of the real bank and every true level L in 1..6, N candidates answer
the challenges the real algorithm picks (algorithm.next_challenge, knowledge.produced_by
with the skill's tube, exactly as handlers.answer_challenge plays a turn) until it stops;
the knowledge is then scored with scoring.score.

Candidate model (one independent draw per answer, skips never happen):

    P(success | true level L, difficulty d) = 1 / (1 + exp(-slope · (L + offset − d)))

with slope 1 and offset 0.5 by default (the figures in docs/simulation.md; the options are
there for the sensitivity runs quoted there).
With slope 1 and offset 0.5: 0.82 at d = L − 1, 0.62 at d = L, 0.38 at d = L + 1, 0.18 at d = L + 2, so a
candidate "of level L" mostly succeeds up to L and mostly fails above.

Scoring uses max level 8 (the framework's ceiling), not the platform's default 5: with 5, a
level-6 candidate could never be placed at 6. The bank's skills stop at difficulty 6.
"""
from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pix_assessment.domain import algorithm, knowledge, scoring
from pix_assessment.domain.content import Bank, Skill, load_bank

LEVELS = (1, 2, 3, 4, 5, 6)
STUDY_MAX_LEVEL = 8
AT = "2025-03-01T09:30:00.000000Z"


@dataclass(frozen=True)
class Model:
    slope: float = 1.0
    offset: float = 0.5

    def success(self, true_level: int, difficulty: int) -> float:
        return 1.0 / (1.0 + math.exp(-self.slope * (true_level + self.offset - difficulty)))


@dataclass(frozen=True)
class Outcome:
    code: str
    true_level: int
    level: int  # what the platform gives
    pix: int
    answers: int
    untested: int  # skills left without a knowledge element when the test stopped
    lost_direct: float  # pix of skills at or below the true level failed directly
    lost_inferred: float  # … and invalidated by propagation from a failure below them


def take_test(bank: Bank, code: str, assessment_id: str, succeeds: Callable[[int], bool],
              max_level: int = STUDY_MAX_LEVEL) -> tuple[scoring.Score, int, dict[str, knowledge.KnowledgeElement]]:
    """One positioning test on one competence; `succeeds(difficulty)` answers each challenge.
    Returns the score, the number of answers and the final knowledge."""
    skills, challenges = bank.skills_of(code), bank.challenges_of(code)
    known: dict[str, knowledge.KnowledgeElement] = {}
    answered: list[str] = []
    last_was_timed = False
    while True:
        situation = algorithm.Situation(assessment_id, skills, challenges, dict(known), frozenset(answered),
                                        last_was_timed=last_was_timed)
        challenge = algorithm.next_challenge(situation)
        if challenge is None:
            break
        skill = bank.skill_by_name[challenge.skill]
        tube = [s for s in skills if s.tube == skill.tube]
        for ke in knowledge.produced_by(skill, succeeds(skill.level), tube, known, assessment_id, AT):
            known[ke.skill] = ke
        answered.append(challenge.id)
        last_was_timed = challenge.is_timed
    validated = [name for name, ke in known.items() if ke.status == knowledge.VALIDATED]
    return scoring.score(validated, skills, max_level), len(answered), known


def lost(skills: Sequence[Skill], known: dict[str, knowledge.KnowledgeElement], level: int, source: str) -> float:
    """Pix of the skills at or below `level` invalidated (directly or by propagation)."""
    return sum(scoring.pix_of_skill(s, skills) for s in skills
               if s.level <= level and s.name in known and known[s.name].status == knowledge.INVALIDATED
               and known[s.name].source == source)


def study(bank: Bank, codes: Iterable[str], levels: Iterable[int], candidates: int, seed: int,
          model: Model = Model(), max_level: int = STUDY_MAX_LEVEL) -> list[Outcome]:
    """Seeded: the same arguments give the same outcomes (one RNG, fixed order)."""
    rng = random.Random(seed)
    outcomes = []
    for code in codes:
        skills = bank.skills_of(code)
        for level in levels:
            for _ in range(candidates):
                assessment_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                result, answers, known = take_test(
                    bank, code, assessment_id,
                    lambda d, level=level: rng.random() < model.success(level, d), max_level)
                outcomes.append(Outcome(code, level, result.level, result.pix, answers, len(skills) - len(known),
                                        lost(skills, known, level, knowledge.DIRECT),
                                        lost(skills, known, level, knowledge.INFERRED)))
    return outcomes


def within_one(outcomes: Sequence[Outcome]) -> float:
    return sum(abs(o.level - o.true_level) <= 1 for o in outcomes) / len(outcomes)


def exact(outcomes: Sequence[Outcome]) -> float:
    return sum(o.level == o.true_level for o in outcomes) / len(outcomes)


def every_skill_once(bank: Bank, codes: Iterable[str], levels: Iterable[int], candidates: int, seed: int,
                     model: Model = Model(), max_level: int = STUDY_MAX_LEVEL) -> dict[int, tuple[float, float]]:
    """Baseline without adaptivity: every skill asked once, no propagation. What the candidate
    model and the scoring alone allow: (within ±1, exact) per true level."""
    rng = random.Random(seed)
    given: dict[int, list[int]] = defaultdict(list)
    for code in codes:
        skills = bank.skills_of(code)
        for level in levels:
            for _ in range(candidates):
                validated = [s.name for s in skills if rng.random() < model.success(level, s.level)]
                given[level].append(scoring.score(validated, skills, max_level).level)
    return {level: (sum(abs(g - level) <= 1 for g in gs) / len(gs), sum(g == level for g in gs) / len(gs))
            for level, gs in given.items()}


def step_candidates_exact(bank: Bank, codes: Iterable[str], levels: Iterable[int], ids: int) -> float:
    """A noiseless candidate (succeeds iff difficulty ≤ L): share placed exactly at L."""
    results = [take_test(bank, code, f"step-{code}-{level}-{n}", lambda d, level=level: d <= level)[0].level == level
               for code in codes for level in levels for n in range(ids)]
    return sum(results) / len(results)


def pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def report(outcomes: list[Outcome], baseline: dict[int, tuple[float, float]]) -> str:
    lines = ["| true level | candidates | within ±1 | exact | below L−1 | above L+1 | mean level given "
             "| challenges mean / median | skills left untested | pix ≤ L lost: failed / inferred "
             "| every skill once: ±1 / exact |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    by_level: dict[int, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_level[o.true_level].append(o)

    def row(label: str, group: list[Outcome], base: tuple[float, float]) -> str:
        answers = [o.answers for o in group]
        below = sum(o.level < o.true_level - 1 for o in group) / len(group)
        above = sum(o.level > o.true_level + 1 for o in group) / len(group)
        return (f"| {label} | {len(group)} | {pct(within_one(group))} | {pct(exact(group))} | {pct(below)} "
                f"| {pct(above)} | {statistics.mean(o.level for o in group):.2f} "
                f"| {statistics.mean(answers):.2f} / {statistics.median(answers):g} "
                f"| {statistics.mean(o.untested for o in group):.2f} "
                f"| {statistics.mean(o.lost_direct for o in group):.1f} / "
                f"{statistics.mean(o.lost_inferred for o in group):.1f} "
                f"| {pct(base[0])} / {pct(base[1])} |")

    for level in sorted(by_level):
        lines.append(row(str(level), by_level[level], baseline[level]))
    overall = (statistics.mean(b[0] for b in baseline.values()), statistics.mean(b[1] for b in baseline.values()))
    lines.append(row("**all**", outcomes, overall))
    lines += ["", "| competence | within ±1 | exact | challenges mean / median | min–max |", "|---|---|---|---|---|"]
    by_code: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_code[o.code].append(o)
    for code, group in by_code.items():
        answers = [o.answers for o in group]
        lines.append(f"| {code} | {pct(within_one(group))} | {pct(exact(group))} "
                     f"| {statistics.mean(answers):.2f} / {statistics.median(answers):g} "
                     f"| {min(answers)}–{max(answers)} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=200, help="per competence and true level")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slope", type=float, default=1.0, help="discrimination of the candidate model")
    parser.add_argument("--offset", type=float, default=0.5, help="P = 1/2 at difficulty L + offset")
    parser.add_argument("--max-level", type=int, default=STUDY_MAX_LEVEL)
    parser.add_argument("--competences", help="comma-separated codes (default: all 16)")
    args = parser.parse_args()
    bank = load_bank()
    codes = args.competences.split(",") if args.competences else [c.code for c in bank.competences]
    model = Model(args.slope, args.offset)
    started = time.perf_counter()
    outcomes = study(bank, codes, LEVELS, args.candidates, args.seed, model, args.max_level)
    elapsed = time.perf_counter() - started
    baseline = every_skill_once(bank, codes, LEVELS, args.candidates, args.seed, model, args.max_level)
    print(f"bank {bank.version}: {len(codes)} competences × levels {LEVELS[0]}–{LEVELS[-1]} × {args.candidates} "
          f"candidates, seed {args.seed}, slope {model.slope:g}, offset {model.offset:g}, "
          f"max level {args.max_level} ({len(outcomes)} tests in {elapsed:.1f} s)\n")
    print(report(outcomes, baseline))
    print(f"\nnoiseless candidates (succeed iff difficulty ≤ L), 5 assessment ids each: "
          f"{pct(step_candidates_exact(bank, codes, LEVELS, 5))} placed exactly at L")
    return 0


if __name__ == "__main__":
    sys.exit(main())
