"""Selection time of algorithm.next_challenge over the real bank (not a test). Target: ≤ 1 ms.

    .venv/bin/python bench/next_challenge.py [--samples 1000] [--ids 3]

For every competence, the situations are all those a test can reach (every ok / ko path
through the real algorithm, for a few assessment ids) at three points: the start, after 5
answers and after 10 answers (some of those are final: next_challenge then says "over",
which costs the same work). Each (competence, point) gets about --samples timed calls,
spread evenly over its situations; one call = one next_challenge on a ready Situation,
what handlers do once per served challenge (twice per answer: the check, then the next).
"""
from __future__ import annotations

import argparse
import math
import platform
import statistics
import sys
import time
from collections import defaultdict

from pix_assessment.domain import algorithm, knowledge
from pix_assessment.domain.content import Bank, load_bank

POINTS = (0, 5, 10)
AT = "2025-03-01T09:30:00.000000Z"


def reachable(bank: Bank, code: str, assessment_id: str, depths: set[int]) -> dict[int, list[algorithm.Situation]]:
    """Every situation a test on `code` reaches after n answers, n in depths (ok / ko paths)."""
    skills, challenges = bank.skills_of(code), bank.challenges_of(code)
    found: dict[int, list[algorithm.Situation]] = defaultdict(list)
    deepest = max(depths)

    def walk(known: dict, answered: tuple[str, ...], last_was_timed: bool) -> None:
        situation = algorithm.Situation(assessment_id, skills, challenges, known, frozenset(answered),
                                        last_was_timed=last_was_timed)
        if len(answered) in depths:
            found[len(answered)].append(situation)
        if len(answered) == deepest:
            return
        challenge = algorithm.next_challenge(situation)
        if challenge is None:
            return
        skill = bank.skill_by_name[challenge.skill]
        tube = [s for s in skills if s.tube == skill.tube]
        for succeeded in (True, False):
            after = dict(known)
            for ke in knowledge.produced_by(skill, succeeded, tube, known, assessment_id, AT):
                after[ke.skill] = ke
            walk(after, (*answered, challenge.id), challenge.is_timed)

    walk({}, (), False)
    return found


def timings(situations: list[algorithm.Situation], samples: int) -> list[float]:
    """Microseconds per call."""
    repeat = max(1, math.ceil(samples / len(situations)))
    out = []
    for situation in situations:
        algorithm.next_challenge(situation)  # warm
        for _ in range(repeat):
            started = time.perf_counter_ns()
            algorithm.next_challenge(situation)
            out.append((time.perf_counter_ns() - started) / 1000)
    return out


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=1000, help="timed calls per competence and point")
    parser.add_argument("--ids", type=int, default=3, help="assessment ids per competence")
    args = parser.parse_args()
    bank = load_bank()
    by_point: dict[int, list[float]] = defaultdict(list)
    rows = []
    for competence in bank.competences:
        situations: dict[int, list[algorithm.Situation]] = defaultdict(list)
        for n in range(args.ids):
            for depth, found in reachable(bank, competence.code, f"bench-{competence.code}-{n}", set(POINTS)).items():
                situations[depth].extend(found)
        cells = []
        for point in POINTS:
            if not situations[point]:
                cells.append("–")
                continue
            values = timings(situations[point], args.samples)
            by_point[point].extend(values)
            cells.append(f"{statistics.median(values):.0f} / {p99(values):.0f} ({len(situations[point])})")
        rows.append(f"| {competence.code} | {len(bank.skills_of(competence.code))} "
                    f"| {len(bank.challenges_of(competence.code))} | " + " | ".join(cells) + " |")
    print(f"bank {bank.version}, Python {platform.python_version()}, {platform.machine()}, "
          f"--samples {args.samples} --ids {args.ids}\n")
    print("| point of the test | calls | median µs | p99 µs | max µs |\n|---|---|---|---|---|")
    everything = []
    for point in POINTS:
        values = by_point[point]
        everything += values
        print(f"| {'start' if point == 0 else f'after {point} answers'} | {len(values)} "
              f"| {statistics.median(values):.0f} | {p99(values):.0f} | {max(values):.0f} |")
    print(f"| **all** | {len(everything)} | {statistics.median(everything):.0f} | {p99(everything):.0f} "
          f"| {max(everything):.0f} |")
    print("\n| competence | skills | challenges | start: median / p99 µs (situations) "
          "| after 5 | after 10 |\n|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
