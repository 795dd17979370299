"""The campaigns feature's reads, each a find by `_id`: a campaign and its figures (from its
stream, exact at once after its creation), an organization's campaigns, the participants
table (adapters/tables.py's reader), a person's participations, the rows of an export.
Who may read what is checked by the entrypoint, from the campaign's organization."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from ..adapters.campaign_tables import CAMPAIGN_ROWS
from ..adapters.tables import Page, TableReader, iter_rows
from ..domain import campaigns as rules
from ..domain.campaigns import ASSESSMENT, SHARED, CampaignCodeUnknown, CampaignNotFound
from ..domain.shares import asks_student_number, snapshot_of
from ..projections.campaigns import user_index_id
from .campaigns import CampaignDeps, owned


@dataclass(frozen=True)
class ReadCampaign:
    campaign_id: str


@dataclass(frozen=True)
class ListCampaigns:
    organization_id: str


@dataclass(frozen=True)
class FindCampaignByCode:
    code: str


@dataclass(frozen=True)
class ReadParticipants:
    campaign_id: str
    sort: str = "lastName"
    order: str = "asc"
    name: str | None = None
    page: int = 1
    size: int = 50


@dataclass(frozen=True)
class ReadParticipation:
    user_id: str
    participation_id: str


@dataclass(frozen=True)
class MyParticipations:
    user_id: str


@dataclass(frozen=True)
class CampaignResults:
    campaign_id: str


@dataclass(frozen=True)
class Organization:
    id: str
    display_name: str
    type: str


@dataclass(frozen=True)
class Results:
    campaign: dict
    organization: Organization
    rows: Callable[[], Iterator[dict]]  # each call reads the table again, chunk by chunk


def organization_of(organizations, organization_id: str) -> Organization:
    doc = organizations.find_one({"_id": organization_id}) or {}
    return Organization(organization_id, doc.get("display_name", ""), doc.get("type", ""))


def _counts(reader: TableReader, campaign_id: str) -> tuple[int, int]:
    status = CAMPAIGN_ROWS.index("t")
    return reader.derived(campaign_id, "counts",
                          lambda rows: (len(rows), sum(1 for r in rows if r[status] == SHARED)))


def _with_counts(reader: TableReader, campaign: dict) -> dict:
    participants, shared = _counts(reader, campaign["campaign_id"])
    return {**campaign, "participants": participants, "shared": shared}


def read_campaign(query: ReadCampaign, meta=None, *, deps: CampaignDeps, reader: TableReader) -> dict:
    campaign = deps.book.load(query.campaign_id)
    if campaign is None:
        raise CampaignNotFound()
    return _with_counts(reader, campaign)


def list_campaigns(query: ListCampaigns, meta=None, *, campaigns, reader: TableReader) -> list[dict]:
    """Newest first (ties by id, so that the order never moves)."""
    listed = (campaigns.find_one({"_id": f"org:{query.organization_id}"}) or {}).get("campaigns") or {}
    entries = [_with_counts(reader, {"campaign_id": cid, **entry}) for cid, entry in listed.items()]
    return sorted(entries, key=lambda e: (e["created_at"], e["campaign_id"]), reverse=True)


def find_by_code(query: FindCampaignByCode, meta=None, *, deps: CampaignDeps) -> tuple[dict, Organization, bool]:
    """(campaign, its organization, whether it asks for a student number)."""
    campaign = deps.book.by_code(rules.normalize_campaign_code(query.code))
    if campaign is None:
        raise CampaignCodeUnknown()
    organization = organization_of(deps.organizations, campaign["organization_id"])
    return campaign, organization, asks_student_number(organization.type)


def read_participants(query: ReadParticipants, meta=None, *, reader: TableReader) -> Page:
    return reader.query(query.campaign_id, query.sort, query.order, query.name, None, query.page, query.size)


def _participation_view(campaign: dict, organization: Organization, attempt: dict, doc: dict, latest: bool,
                        now: datetime, profile=None) -> dict:
    result = doc.get("result") if campaign["kind"] == ASSESSMENT else None
    shared = bool(attempt["shared_at"])
    allowed_at = rules.retry_at(campaign, attempt) if latest else None
    return {"participation_id": attempt["participation_id"], "campaign_id": campaign["campaign_id"],
            "title": campaign["title"], "kind": campaign["kind"],
            "organization": {"id": organization.id, "display_name": organization.display_name,
                             "type": organization.type},
            "status": rules.status(campaign["kind"], True, result is not None, shared),
            "attempt": attempt["attempt"], "started_at": attempt["started_at"],
            "completed_at": doc.get("completed_at"), "shared_at": attempt["shared_at"], "result": result,
            "can_retry": allowed_at is not None and allowed_at <= now,
            "retry_at": rules.iso(allowed_at) if allowed_at is not None else None, "profile": profile}


def read_participation(query: ReadParticipation, meta=None, *, deps: CampaignDeps) -> dict:
    """The participant's own view: the status from their stream (exact at once), the
    result of the campaign test from the read model."""
    _, campaign, loaded, attempt = owned(deps, query.user_id, query.participation_id)
    doc = deps.participations.find_one({"_id": query.participation_id}) or {}
    latest = rules.current_attempt(loaded.state)["participation_id"] == query.participation_id
    # A profile collection sends sharing's copy of the profile: the consent shows that very copy.
    profile = None if campaign["kind"] == ASSESSMENT else snapshot_of(deps.profiles.find_one({"_id": query.user_id}))
    return _participation_view(campaign, organization_of(deps.organizations, campaign["organization_id"]), attempt,
                               doc, latest, deps.clock(), profile)


def my_participations(query: MyParticipations, meta=None, *, deps: CampaignDeps, campaigns) -> list[dict]:
    """The latest attempt in each campaign the person joined, newest first."""
    index = deps.participations.find_one({"_id": user_index_id(query.user_id)}) or {}
    latest = index.get("participations") or {}
    if not latest:
        return []
    ids = sorted(latest.values())
    # One find_one each: FerretDB scans the collection for an `_id` $in (docs/benchmarks.md).
    docs = {i: d for i in ids if (d := deps.participations.find_one({"_id": i})) is not None}
    titles = {i: d for i in sorted(latest) if (d := campaigns.find_one({"_id": i})) is not None}
    out = []
    for campaign_id, participation_id in latest.items():
        doc, campaign = docs.get(participation_id), titles.get(campaign_id)
        if doc is None or campaign is None:
            continue
        organization = organization_of(deps.organizations, campaign["organization_id"])
        out.append({"participation_id": participation_id, "campaign_id": campaign_id, "title": campaign["title"],
                    "kind": campaign["kind"], "organization_id": campaign["organization_id"],
                    "organization": {"id": organization.id, "display_name": organization.display_name,
                                     "type": organization.type},
                    "status": doc.get("status"), "attempt": doc.get("attempt"), "started_at": doc.get("started_at"),
                    "shared_at": doc.get("shared_at")})
    return sorted(out, key=lambda p: (p["started_at"] or "", p["participation_id"]), reverse=True)


def campaign_results(query: CampaignResults, meta=None, *, deps: CampaignDeps, tables) -> Results:
    campaign = deps.book.load(query.campaign_id)
    if campaign is None:
        raise CampaignNotFound()
    def rows() -> Iterator[dict]:
        return (row for _, row in iter_rows(tables, query.campaign_id))

    return Results(campaign, organization_of(deps.organizations, campaign["organization_id"]), rows)
