"""Profile's queries, read from its own `profiles` read model."""
from __future__ import annotations

from dataclasses import dataclass

from pixkit.errors import DomainError

from .domain.competences import COMPETENCE_CODES
from .projections.profiles import COLLECTION, competence_key


class ProfileNotFound(DomainError):
    code = "PROFILE_NOT_FOUND"
    http_status = 404


@dataclass(frozen=True)
class CompetenceView:
    code: str
    level: int
    pix: int


@dataclass(frozen=True)
class ProfileView:
    user_id: str
    total_pix: int
    competences: list[CompetenceView]


def get_profile(db, user_id: str) -> ProfileView:
    doc = db[COLLECTION].find_one({"_id": user_id})
    if doc is None or doc.get("erased"):
        raise ProfileNotFound()
    evaluated = doc.get("competences") or {}
    competences = [CompetenceView(code, evaluated.get(competence_key(code), {}).get("level", 0),
                                  evaluated.get(competence_key(code), {}).get("pix", 0)) for code in COMPETENCE_CODES]
    return ProfileView(user_id=doc["_id"], total_pix=sum(c.pix for c in competences), competences=competences)
