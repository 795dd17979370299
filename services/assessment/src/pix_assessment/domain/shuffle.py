"""The order in which an assessment shows a QCU/QCM's proposals.

Each assessment sees its own order, fixed by the assessment id and the challenge id (a
reload shows the same): "the answer is number 2" is worth nothing to a neighbour. The
candidate answers with the numbers they see; `to_bank_numbers` maps them back.
"""
from __future__ import annotations

import hashlib
import random

from .content import Challenge

SHUFFLED_TYPES = ("QCU", "QCM")


def display_order(assessment_id: str, challenge: Challenge) -> tuple[int, ...]:
    """The bank's proposal numbers (1-based), in the order shown."""
    order = list(range(1, len(challenge.proposals_fr) + 1))
    if challenge.type in SHUFFLED_TYPES:
        seed = hashlib.sha256(f"{assessment_id}:{challenge.id}".encode()).digest()
        random.Random(seed).shuffle(order)  # noqa: S311 - an order, not a secret
    return tuple(order)


def _bank_number(shown: object, order: tuple[int, ...]) -> object:
    text = str(shown) if isinstance(shown, int) and not isinstance(shown, bool) else shown
    if isinstance(text, str) and text.isascii() and text.isdigit() and 1 <= int(text) <= len(order):
        return str(order[int(text) - 1])
    return shown  # anything else is left for answers.parse_answer to refuse


def to_bank_numbers(raw: object, assessment_id: str, challenge: Challenge) -> object:
    if challenge.type not in SHUFFLED_TYPES:
        return raw
    order = display_order(assessment_id, challenge)
    if isinstance(raw, list):
        return [_bank_number(item, order) for item in raw]
    return _bank_number(raw, order)
