"""A challenge's reference answer, in the API's wire shape, and a surely wrong one.

For scripted clients (demo data, benches, tests): what a candidate who knows (or does not
know) would send. The first variant of each solution is the reference. `shown` is the
proposals as the API listed them (each assessment shuffles them): numbers then follow
that order; without it, the bank's order.
"""
from __future__ import annotations

from .model import Challenge

WRONG_TEXT = "zzzz-mauvaise-reponse"


def _as_shown(challenge: Challenge, numbers: list[int], shown: list[str] | None) -> list[str]:
    if shown is None:
        return [str(n) for n in numbers]
    position = {text: index for index, text in enumerate(shown, start=1)}
    texts = challenge.proposals_fr if challenge.proposals_fr[0] in position else challenge.proposals_en
    return sorted(str(position[texts[n - 1]]) for n in numbers)


def reference_answer(challenge: Challenge, shown: list[str] | None = None) -> object:
    kind, solution = challenge.type, challenge.solution
    if kind == "QCU":
        return _as_shown(challenge, [solution], shown)[0]
    if kind == "QCM":
        return _as_shown(challenge, sorted(solution), shown)
    if kind == "QROC":
        return solution[0]
    if kind == "QROCM-ind":
        return {name: variants[0] for name, variants in solution.items()}
    return {field.name: group[0] for field, group in zip(challenge.fields, solution, strict=False)}


def wrong_answer(challenge: Challenge, shown: list[str] | None = None) -> object:
    kind = challenge.type
    if kind == "QCU":
        return _as_shown(challenge, [1 if challenge.solution != 1 else 2], shown)[0]
    if kind == "QCM":
        others = [n for n in range(1, len(challenge.proposals_fr) + 1) if n not in challenge.solution]
        return _as_shown(challenge, others[:1] or [1], shown)
    if kind == "QROC":
        return WRONG_TEXT
    return {field.name: WRONG_TEXT for field in challenge.fields}
