"""Profile's queries, read from its own `profiles` read model."""
from __future__ import annotations

from dataclasses import dataclass

from pixkit.web.errors import DomainError

from .projections.profiles import COLLECTION


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
    return ProfileView(user_id=doc["_id"], total_pix=doc["total_pix"],
                       competences=[CompetenceView(c["code"], c["level"], c["pix"]) for c in doc["competences"]])
