"""Profile's queries, read from its own `profiles` read model."""
from __future__ import annotations

from dataclasses import dataclass

from ..adapters.profiles import ProfileDocuments
from ..domain.competences import COMPETENCE_CODES
from ..domain.errors import ProfileNotFound
from ..projections.profiles import competence_key


@dataclass(frozen=True)
class ReadProfile:
    user_id: str


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


def read_profile(query: ReadProfile, meta, *, profiles: ProfileDocuments) -> ProfileView:
    doc = profiles.get(query.user_id)
    if doc is None or doc.get("erased"):
        raise ProfileNotFound()
    evaluated = doc.get("competences") or {}
    competences = [CompetenceView(code, evaluated.get(competence_key(code), {}).get("level", 0),
                                  evaluated.get(competence_key(code), {}).get("pix", 0)) for code in COMPETENCE_CODES]
    return ProfileView(user_id=doc["_id"], total_pix=sum(c.pix for c in competences), competences=competences)
