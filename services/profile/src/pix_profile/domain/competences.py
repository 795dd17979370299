"""The 16 competences of the framework (docs/domain.md §2), as profile knows them.

Assessment owns the framework; the codes that travel in events are part of the contracts
(pix_contracts.framework), so profile reads them there rather than asking assessment.
"""
from __future__ import annotations

from pix_contracts.framework import COMPETENCE_CODES

__all__ = ["COMPETENCE_CODES"]
