"""The facts of the framework that several services' contracts rely on, in one place.

Assessment owns the framework (its content: skills, challenges, texts); these are only the
parts that travel in events: the 16 competence codes, in the order every ProfileUpdated
lists them, and the pix/level/progress rule (docs/domain.md §5) that readers of
CompetenceEvaluated and ProfileUpdated apply.
"""
from __future__ import annotations

COMPETENCE_CODES: tuple[str, ...] = (
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
)

AREA_CODES: tuple[str, ...] = tuple(dict.fromkeys(code.split(".")[0] for code in COMPETENCE_CODES))

PIX_PER_LEVEL = 8
FRAMEWORK_MAX_LEVEL = 8  # levels the framework defines; a deployment opens up to PIX_MAX_LEVEL of them


def progress(pix: int, level: int, max_level: int) -> int:
    """Pix earned toward the next level; 0 once the maximum level is reached."""
    return 0 if level >= max_level else pix % PIX_PER_LEVEL
