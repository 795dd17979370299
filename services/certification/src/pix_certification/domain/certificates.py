"""What a published certificate says (docs/domain.md §6): the certified level of each
competence, the certified pix, the date, the center, the holder's names, and the
verification code anyone can check it with.

Anonymization removes the holder (None) and keeps every figure. Competence titles travel in
the view, in the language it is printed in: the framework's texts belong to assessment, and
pix_contracts.framework carries only the codes.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from pix_contracts.framework import AREA_TITLES, COMPETENCE_CODES, COMPETENCE_TITLES, FRAMEWORK_MAX_LEVEL
from pixkit.errors import DomainError

from .verification_code import CANONICAL as VERIFICATION_CODE

NOT_CERTIFIED = 0


class InvalidCertificate(DomainError):
    """A certificate view that no scoring could have produced (a bug upstream, never a user's
    input): refused rather than printed as an official document."""

    code = "INVALID_CERTIFICATE"


class CertificateNotFound(DomainError):
    """No certificate with that code, or not the caller's: the same answer for both."""

    code = "CERTIFICATE_NOT_FOUND"


@dataclass(frozen=True)
class Holder:
    first_name: str
    last_name: str


@dataclass(frozen=True)
class CertifiedCompetence:
    code: str  # one of pix_contracts.framework.COMPETENCE_CODES
    title: str
    level: int  # NOT_CERTIFIED (0) or the certified level
    area_title: str = ""

    @property
    def area_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def certified(self) -> bool:
        return self.level > NOT_CERTIFIED


@dataclass(frozen=True)
class CertificateView:
    verification_code: str
    certified_pix: int
    certified_on: date
    center_name: str
    competences: tuple[CertifiedCompetence, ...]
    holder: Holder | None = None  # None once anonymized

    def __post_init__(self) -> None:
        if not VERIFICATION_CODE.fullmatch(self.verification_code):
            raise InvalidCertificate(field="verification_code")
        if self.certified_pix < 0:
            raise InvalidCertificate(field="certified_pix")
        codes = [competence.code for competence in self.competences]
        if len(set(codes)) != len(codes) or not set(codes) <= set(COMPETENCE_CODES):
            raise InvalidCertificate(field="competences")
        if any(not NOT_CERTIFIED <= competence.level <= FRAMEWORK_MAX_LEVEL for competence in self.competences):
            raise InvalidCertificate(field="competences")

    @property
    def anonymized(self) -> bool:
        return self.holder is None

    def competences_by_area(self) -> list[tuple[str, list[CertifiedCompetence]]]:
        """The competences in the framework's order, grouped by area (the order a printed
        certificate and the verification page both follow, whatever order they came in)."""
        ordered = sorted(self.competences, key=lambda competence: COMPETENCE_CODES.index(competence.code))
        areas: dict[str, list[CertifiedCompetence]] = {}
        for competence in ordered:
            areas.setdefault(competence.area_code, []).append(competence)
        return list(areas.items())


def certified_competences(levels: Mapping[str, int], lang: str = "fr") -> tuple[CertifiedCompetence, ...]:
    """The rows of a certificate, with the framework's titles in `lang` (French unless "en"):
    `levels` maps a competence code to its certified level (0: not certified)."""
    english = 1 if lang == "en" else 0
    return tuple(CertifiedCompetence(code=code, title=COMPETENCE_TITLES[code][english], level=levels[code],
                                     area_title=AREA_TITLES[code.split(".")[0]][english])
                 for code in COMPETENCE_CODES if code in levels)
