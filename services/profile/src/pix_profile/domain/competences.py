"""The 16 competences of the framework (DOMAIN.md §2), as profile knows them.

Profile keeps its own copy of the codes rather than asking assessment, which owns the
framework: a service never reads another's data (DESIGN.md §1).
"""
from __future__ import annotations

COMPETENCE_CODES: tuple[str, ...] = (
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
)
