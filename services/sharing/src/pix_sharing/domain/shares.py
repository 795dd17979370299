"""What a person shares with an organization: a copy of their profile as it stands when they
press "Envoyer", with their names (and, for higher education, their student number). Later
progress is not sent: sharing again makes a new copy (docs/domain.md §1, §7).

The copy is made from sharing's own copy of the profile (projections/copies.py); a person
with no result yet shares 16 competences at level 0.
"""
from __future__ import annotations

from dataclasses import dataclass

from pix_contracts.framework import COMPETENCE_CODES
from pixkit.errors import DomainError

FRAMEWORK_SIZE = len(COMPETENCE_CODES)
# An organization of this type asks for the student number (docs/domain.md §1).
STUDENT_NUMBER_TYPES = frozenset({"SUP"})


class StudentNumberRequired(DomainError):
    code = "STUDENT_NUMBER_REQUIRED"


class AccountNotReady(DomainError):
    """Sharing's copy of the people topic does not have the person yet (an account made a
    moment ago): their names would be missing from what the organization receives."""
    code = "ACCOUNT_NOT_READY"


@dataclass(frozen=True)
class ShareProfile:
    user_id: str
    organization_code: str
    student_number: str | None = None
    campaign_code: str | None = None


@dataclass(frozen=True)
class Shared:
    share_id: str
    organization_id: str
    shared_at: str


@dataclass(frozen=True)
class Snapshot:
    """The profile as an organization receives it."""
    total_pix: int
    profile_percent: int
    certifiable_competences: int
    competences: tuple[dict, ...]  # 16 × {code, level, pix, progress}, in framework order
    updated_at: str | None


def share_stream(user_id: str) -> str:
    return f"shares-{user_id}"


def _competence(raw: dict | None, code: str) -> dict:
    raw = raw or {}
    return {"code": code, "level": int(raw.get("level", 0)), "pix": int(raw.get("pix", 0)),
            "progress": int(raw.get("progress", 0))}


def snapshot_of(profile: dict | None) -> Snapshot:
    """The snapshot of a profile copy `{total_pix, competences, updated_at}` (None, or an
    erased copy, for a person with no result). A competence counts as evaluated once it has
    pix: ProfileUpdated carries no other trace of a test (a reset brings it back to 0)."""
    profile = profile if profile and profile.get("competences") else {}
    by_code = {c.get("code"): c for c in profile.get("competences", ())}
    competences = tuple(_competence(by_code.get(code), code) for code in COMPETENCE_CODES)
    evaluated = sum(1 for c in competences if c["pix"] > 0)
    return Snapshot(total_pix=sum(c["pix"] for c in competences),
                    profile_percent=evaluated * 100 // FRAMEWORK_SIZE,
                    certifiable_competences=sum(1 for c in competences if c["level"] >= 1),
                    competences=competences, updated_at=profile.get("updated_at"))


def asks_student_number(organization_type: str) -> bool:
    return organization_type in STUDENT_NUMBER_TYPES


def student_number_for(organization_type: str, typed: str | None) -> str | None:
    """The student number sent: required (trimmed, not blank) where the organization asks
    for it; never sent to any other organization, whatever was typed."""
    if not asks_student_number(organization_type):
        return None
    number = (typed or "").strip()
    if not number:
        raise StudentNumberRequired()
    return number
