"""Answers a candidate would type, right or wrong, for any challenge of the bank."""
from __future__ import annotations

from pix_assessment.content import Challenge


def right_answer(challenge: Challenge) -> object:
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
        everything = range(1, len(challenge.proposals_fr) + 1)
        wrong = [str(n) for n in everything if n not in challenge.solution]
        return wrong or ["1"] if set(everything) != set(challenge.solution) else ["1"]
    if kind == "QROC":
        return "zzzz-mauvaise-reponse"
    return {field.name: "zzzz-mauvaise-reponse" for field in challenge.fields}
