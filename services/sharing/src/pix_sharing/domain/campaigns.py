"""Campaigns and participations (docs/domain.md §7), free of any framework.

A campaign is an assessment on a target profile (competences, tubes) or a profile
collection; people join it with its code. A participation's stream
`participation-<campaign id>-<user id>` holds every attempt of one person in one campaign,
so "one participation per person and campaign" is decided by one stream's version.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pix_contracts.framework import COMPETENCE_CODES
from pixkit.errors import DomainError

ASSESSMENT, PROFILES_COLLECTION = "ASSESSMENT", "PROFILES_COLLECTION"
KINDS = (ASSESSMENT, PROFILES_COLLECTION)
STARTED, TO_SHARE, SHARED = "STARTED", "TO_SHARE", "SHARED"

# No vowels (no words), no 0/1/5 (no O/I/S look-alikes): docs/domain.md §7.
CODE_LETTERS, CODE_DIGITS = "BCDFGHJKMPQRTVWXY", "2346789"
_CODE = re.compile(f"[{CODE_LETTERS}]{{6}}[{CODE_DIGITS}]{{3}}")
TUBE = re.compile(r"@[a-z]{1,40}")

# docs/domain.md §7: an assessment participant may retry 4 days after sending, below 100 %.
RETRY_DELAY = timedelta(days=4)
FULL_MASTERY = 100


class CampaignCodeEmpty(DomainError):
    code = "CAMPAIGN_CODE_EMPTY"


class CampaignCodeUnknown(DomainError):
    code = "CAMPAIGN_CODE_UNKNOWN"


class CampaignNotFound(DomainError):
    """Unknown, or of an organization the caller does not belong to: one answer for both."""
    code = "CAMPAIGN_NOT_FOUND"


class ParticipationNotFound(DomainError):
    """Unknown, or someone else's participation: one answer for both."""
    code = "PARTICIPATION_NOT_FOUND"


class AlreadyParticipated(DomainError):
    code = "ALREADY_PARTICIPATED"


class NotCompleted(DomainError):
    code = "NOT_COMPLETED"


class AlreadyShared(DomainError):
    code = "ALREADY_SHARED"


class RetryNotAllowed(DomainError):
    code = "RETRY_NOT_ALLOWED"


class RetryTooEarly(DomainError):
    code = "RETRY_TOO_EARLY"


class EmptyTarget(DomainError):
    code = "EMPTY_TARGET"


class UnknownCompetence(DomainError):
    code = "CAMPAIGN_COMPETENCE_UNKNOWN"


class CampaignTitleEmpty(DomainError):
    code = "CAMPAIGN_TITLE_EMPTY"


@dataclass(frozen=True)
class CreateCampaign:
    organization_id: str
    user_id: str
    title: str
    kind: str
    target_competences: tuple[str, ...]
    target_tubes: tuple[str, ...]
    multiple_sendings: bool


@dataclass(frozen=True)
class JoinCampaign:
    user_id: str
    campaign_code: str
    student_number: str | None = None


@dataclass(frozen=True)
class ShareParticipation:
    user_id: str
    participation_id: str


@dataclass(frozen=True)
class RetryParticipation:
    user_id: str
    participation_id: str


@dataclass(frozen=True)
class ShareThroughCampaign:
    """The share flow's optional campaign code (POST /api/shares with a campaignCode)."""
    user_id: str
    campaign_code: str
    organization_id: str
    student_number: str | None = None


def campaign_stream(campaign_id: str) -> str:
    return f"campaign-{campaign_id}"


def participation_stream(campaign_id: str, user_id: str) -> str:
    return f"participation-{campaign_id}-{user_id}"


def draw_campaign_code(choice: Callable[[str], str] = secrets.choice) -> str:
    return "".join(choice(CODE_LETTERS) for _ in range(6)) + "".join(choice(CODE_DIGITS) for _ in range(3))


def normalize_campaign_code(text: str | None) -> str:
    """What people type, as stored: spaces dropped, upper case. CampaignCodeEmpty for a
    blank code, CampaignCodeUnknown for one no campaign could have."""
    code = "".join((text or "").split()).upper()
    if not code:
        raise CampaignCodeEmpty()
    if not _CODE.fullmatch(code):
        raise CampaignCodeUnknown()
    return code


def campaign_title(text: str) -> str:
    title = (text or "").strip()
    if not title:
        raise CampaignTitleEmpty()
    return title


def target(kind: str, competences, tubes) -> tuple[list[str], list[str]]:
    """The target as stored: each competence and tube once, in order. A profile collection
    targets nothing; an assessment must target something."""
    if kind == PROFILES_COLLECTION:
        return [], []
    unknown = [c for c in competences if c not in COMPETENCE_CODES]
    if unknown:
        raise UnknownCompetence(details={"competences": unknown})
    chosen = [c for c in COMPETENCE_CODES if c in set(competences)]
    tubes = sorted(set(tubes))
    if not chosen and not tubes:
        raise EmptyTarget()
    return chosen, tubes


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# The participation aggregate, as the event store keeps its state (plain data):
# {"attempts": [{participation_id, attempt, started_at, shared_at, mastery_rate, share_id}]}.

def evolve(state: dict | None, envelope) -> dict:
    state = {"attempts": [dict(a) for a in (state or {}).get("attempts", [])]}
    data = envelope.data
    if envelope.type == "CampaignParticipationStarted":
        state["attempts"].append({"participation_id": data["participation_id"], "attempt": data["attempt"],
                                  "started_at": data["started_at"], "shared_at": None, "mastery_rate": None,
                                  "share_id": None})
    elif envelope.type == "CampaignParticipationShared":
        for attempt in state["attempts"]:
            if attempt["participation_id"] == data["participation_id"]:
                attempt.update(shared_at=data["shared_at"], mastery_rate=data["mastery_rate"],
                               share_id=data["share_id"])
    return state


def current_attempt(state: dict | None) -> dict | None:
    attempts = (state or {}).get("attempts") or []
    return attempts[-1] if attempts else None


def attempt_of(state: dict | None, participation_id: str) -> dict | None:
    return next((a for a in (state or {}).get("attempts", []) if a["participation_id"] == participation_id), None)


def join_refusal(campaign: dict, attempt: dict | None) -> DomainError | None:
    """Joining again gives back the current participation, unless it was sent and the
    campaign takes one sending only."""
    if attempt is not None and attempt["shared_at"] and not campaign["multiple_sendings"]:
        return AlreadyParticipated()
    return None


def share_refusal(kind: str, attempt: dict, completed: bool) -> DomainError | None:
    if attempt["shared_at"]:
        return AlreadyShared()
    if kind == ASSESSMENT and not completed:
        return NotCompleted()
    return None


def retry_at(campaign: dict, attempt: dict) -> datetime | None:
    """When this attempt may be retried, if it ever may (docs/domain.md §7)."""
    if not campaign["multiple_sendings"] or not attempt["shared_at"]:
        return None
    if campaign["kind"] == PROFILES_COLLECTION:
        return parse_iso(attempt["shared_at"])  # send again at any time: a new snapshot
    if (attempt["mastery_rate"] or 0) >= FULL_MASTERY:
        return None
    return parse_iso(attempt["shared_at"]) + RETRY_DELAY


def retry_refusal(campaign: dict, attempt: dict, now: datetime) -> DomainError | None:
    allowed_at = retry_at(campaign, attempt)
    if allowed_at is None:
        return RetryNotAllowed()
    if now < allowed_at:
        return RetryTooEarly(details={"retryAt": iso(allowed_at)})
    return None


def status(kind: str | None, started: bool, completed: bool, shared: bool) -> str | None:
    """STARTED while the test runs, TO_SHARE once there is something to send, SHARED after."""
    if shared:
        return SHARED
    if not started:
        return None
    return TO_SHARE if completed or kind == PROFILES_COLLECTION else STARTED


def area_mastery(competences: list[dict]) -> dict[str, int]:
    """Per area, validated × 100 / total of its targeted competences, floored."""
    sums: dict[str, list[int]] = {}
    for c in competences:
        area = sums.setdefault(c["code"].split(".")[0], [0, 0])
        area[0] += c["validated"]
        area[1] += c["total"]
    return {area: (v * 100 // t if t else 0) for area, (v, t) in sorted(sums.items())}


# ---- the results export (docs/domain.md §7) ------------------------------------------------

def results_columns(kind: str, *, student_number: bool, competences: list[str]) -> list[str]:
    """The header; `competences` are the assessed competences (an assessment's only)."""
    columns = ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Nom du participant",
               "Prénom du participant"]
    if student_number:
        columns.append("Numéro étudiant")
    columns.append("Identifiant externe")
    if kind == ASSESSMENT:
        columns += ["% de progression", "Date de début", "Envoi (O/N)", "Date de l'envoi",
                    "% de maîtrise de l'ensemble des acquis du profil"]
        columns += [f"% de maîtrise des acquis de la compétence {code}" for code in competences]
        columns += [f"% de maîtrise des acquis du domaine {area}" for area in _areas(competences)]
        return columns
    columns += ["Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
                "Nombre de compétences certifiables"]
    for code in COMPETENCE_CODES:
        columns += [f"Niveau pour la compétence {code}", f"Nombre de pix pour la compétence {code}"]
    return columns


def _areas(competences: list[str]) -> list[str]:
    return list(dict.fromkeys(code.split(".")[0] for code in competences))


def assessed_competences(campaign: dict, rows) -> list[str]:
    """The target competences, and those of the target tubes as the results name them
    (sharing does not know which competence a tube is in)."""
    seen = set(campaign["target_competences"])
    for row in rows:
        seen.update(c["code"] for c in row.get("mc") or ())
    return [code for code in COMPETENCE_CODES if code in seen]


def results_cells(campaign: dict, organization_name: str, row: dict, *, student_number: bool,
                  competences: list[str], certifiable_at: int) -> list[str]:
    """One participant's cells, from their campaign-table row (adapters/campaign_tables.py).
    What the person has not sent stays empty."""
    sent = row.get("t") == SHARED
    cells = [organization_name, campaign["campaign_id"], campaign["code"], campaign["title"], row.get("l") or "",
             row.get("f") or ""]
    if student_number:
        cells.append(row.get("s") or "")
    cells.append("")  # the external id: Pix's campaigns may ask for one; these do not yet
    day = (row.get("d") or "")[:10]
    if campaign["kind"] == ASSESSMENT:
        by_code = {c["code"]: c for c in row.get("mc") or ()}
        mastered = [by_code[code] for code in competences if code in by_code]
        cells += ["100" if row.get("cp") else "0", (row.get("st") or "")[:10], "O" if sent else "N", day,
                  str(row["m"]) if sent and row.get("m") is not None else ""]
        cells += [str(by_code[code]["mastery_rate"]) if sent and code in by_code else "" for code in competences]
        areas = area_mastery(mastered)
        cells += [str(areas[area]) if sent and area in areas else "" for area in _areas(competences)]
        return cells
    certifiable = row.get("n")
    has_profile = sent and row.get("p") is not None
    cells += ["O" if sent else "N", day, str(row["p"]) if has_profile else "",
              ("O" if (certifiable or 0) >= certifiable_at else "N") if has_profile else "",
              str(certifiable) if has_profile and certifiable is not None else ""]
    levels, pix = row.get("lv") or "", list(row.get("px") or ())
    for i in range(len(COMPETENCE_CODES)):
        cells += [levels[i] if has_profile and i < len(levels) else "",
                  str(pix[i]) if has_profile and i < len(pix) else ""]
    return cells
