"""The 5 areas and 16 competences (docs/domain.md §2), with their English titles: the titles
are part of the contract (pix_contracts.framework), since a certificate prints them too."""
from __future__ import annotations

from pix_contracts.framework import AREA_TITLES, COMPETENCE_CODES, COMPETENCE_TITLES

from .model import Area, Competence

AREAS = tuple(Area(code, french, english) for code, (french, english) in AREA_TITLES.items())

COMPETENCES = tuple(Competence(code, code.split(".")[0], *COMPETENCE_TITLES[code]) for code in COMPETENCE_CODES)
