"""A challenge's reference answer, in the API's wire shape, and a surely wrong one.

For scripted clients (demo data, benches, tests): what a candidate who knows (or does not
know) would send. The first variant of each solution is the reference.
"""
from __future__ import annotations

from .model import Challenge

WRONG_TEXT = "zzzz-mauvaise-reponse"


def reference_answer(challenge: Challenge) -> object:
    kind, solution = challenge.type, challenge.solution
    if kind == "QCU":
        return str(solution)
    if kind == "QCM":
        return [str(n) for n in sorted(solution)]
    if kind == "QROC":
        return solution[0]
    if kind == "QROCM-ind":
        return {name: variants[0] for name, variants in solution.items()}
    return {field.name: group[0] for field, group in zip(challenge.fields, solution, strict=False)}


def wrong_answer(challenge: Challenge) -> object:
    kind = challenge.type
    if kind == "QCU":
        return str(1 if challenge.solution != 1 else 2)
    if kind == "QCM":
        others = [str(n) for n in range(1, len(challenge.proposals_fr) + 1) if n not in challenge.solution]
        return others[:1] or ["1"]
    if kind == "QROC":
        return WRONG_TEXT
    return {field.name: WRONG_TEXT for field in challenge.fields}
