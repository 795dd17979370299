"""A small seeded run of the simulated-candidate study (bench/simulate_candidates.py,
docs/simulation.md), so that a regression of the algorithm or of the bank shows.

Figures (bank 2026.11, candidate model P = 1/(1+e^-(L + 0.5 − d)), max level 8):
- full study, 16 competences × levels 1–6 × 200 candidates, seed 1: 89.5 % within ±1 of the
  true level, 41.2 % exact, 6.94 challenges per competence on average;
- this guard, 4 competences × levels 1–6 × 20 candidates, seed 1: 89.0 % within ±1,
  38.3 % exact, 7.35 challenges (1.1 has four tubes, hence more answers). Seeds 1–5 give
  88.8–91.9 %. The floor, 86 %, is 3.5 points under the full study.
"""
from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path

from pix_assessment.domain.content import load_bank

BENCH = Path(__file__).resolve().parents[4] / "bench" / "simulate_candidates.py"
COMPETENCES = ("1.1", "2.2", "3.3", "5.1")  # four tubes; three without, with and with many timed challenges
CANDIDATES, SEED = 20, 1
WITHIN_ONE_FLOOR = 0.86


def simulation():
    name = "pix_bench_simulate_candidates"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_simulated_candidates_land_within_one_level_of_their_true_level():
    sim, bank = simulation(), load_bank()
    outcomes = sim.study(bank, COMPETENCES, sim.LEVELS, CANDIDATES, SEED)
    assert len(outcomes) == len(COMPETENCES) * len(sim.LEVELS) * CANDIDATES
    share = sim.within_one(outcomes)
    assert share >= WITHIN_ONE_FLOOR, f"{share:.1%} within ±1 (floor {WITHIN_ONE_FLOOR:.0%})"
    # Neither cut short nor dragged out: 7.35 today; a flat reward gives 8.2, no propagation 13.6.
    assert 6.5 <= statistics.mean(o.answers for o in outcomes) <= 8.0


def test_noiseless_candidates_are_placed_exactly():
    sim, bank = simulation(), load_bank()
    assert sim.step_candidates_exact(bank, COMPETENCES, sim.LEVELS, ids=2) == 1.0
