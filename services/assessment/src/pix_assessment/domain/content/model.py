"""The framework's shapes: area → competence → tube → skill → challenges. All frozen."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

CHALLENGE_TYPES = ("QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep")
TOLERANCES = ("t1", "t2", "t3")
STATUSES = ("validated", "archived", "obsolete")


@dataclass(frozen=True)
class Area:
    code: str
    title_fr: str
    title_en: str


@dataclass(frozen=True)
class Competence:
    code: str
    area_code: str
    title_fr: str
    title_en: str


@dataclass(frozen=True)
class Tube:
    name: str
    competence_code: str
    title_fr: str
    title_en: str


@dataclass(frozen=True)
class Skill:
    name: str  # "@recherche3"
    tube: str
    level: int
    competence_code: str


@dataclass(frozen=True)
class Field:
    """One named input of a QROCM challenge."""
    name: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class Challenge:
    id: str
    skill: str
    type: str
    instruction_fr: str
    instruction_en: str | None
    proposals_fr: tuple[str, ...] = ()
    proposals_en: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    # QCU: int (1-based); QCM: frozenset[int]; QROC: tuple[str, ...];
    # QROCM-ind: dict name → tuple[str, ...]; QROCM-dep: tuple of variant groups (tuple[str, ...]).
    solution: object = None
    numeric: bool = False
    tolerances: frozenset[str] = frozenset()
    timer: int | None = None
    attachment: str | None = None
    illustration_alt: str | None = None
    # A focus challenge (certification, docs/domain.md §6): its page watches that it keeps the
    # focus, and a right answer given after it lost it is focusedOut (wrong).
    focus: bool = False
    status: str = "validated"
    locale: str = "fr-fr"
    competence_code: str = ""
    level: int = 0

    @property
    def tube(self) -> str:
        return self.skill[1:].rstrip("0123456789")

    @property
    def is_timed(self) -> bool:
        return self.timer is not None


@dataclass(frozen=True)
class Bank:
    version: str
    areas: tuple[Area, ...]
    competences: tuple[Competence, ...]
    tubes: tuple[Tube, ...]
    skills: tuple[Skill, ...]
    challenges: tuple[Challenge, ...]

    @cached_property
    def challenge_by_id(self) -> dict[str, Challenge]:
        return {c.id: c for c in self.challenges}

    @cached_property
    def skill_by_name(self) -> dict[str, Skill]:
        return {s.name: s for s in self.skills}

    @cached_property
    def competence_by_code(self) -> dict[str, Competence]:
        return {c.code: c for c in self.competences}

    @cached_property
    def _by_competence(self) -> dict[str, tuple[tuple[Skill, ...], tuple[Challenge, ...]]]:
        return {c.code: (tuple(s for s in self.skills if s.competence_code == c.code),
                         tuple(ch for ch in self.challenges if ch.competence_code == c.code
                               and ch.status == "validated"))
                for c in self.competences}

    def skills_of(self, competence_code: str) -> tuple[Skill, ...]:
        return self._by_competence[competence_code][0]

    def challenges_of(self, competence_code: str) -> tuple[Challenge, ...]:
        """The validated challenges: the only ones ever asked."""
        return self._by_competence[competence_code][1]
