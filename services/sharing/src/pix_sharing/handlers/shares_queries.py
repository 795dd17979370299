"""The share flow's reads: the organization behind a typed code, what "Envoyer" would send
now (the preview), and what a person has shared. Each is a find by `_id`."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.organizations import OrganizationCodeEmpty, OrganizationCodeUnknown, normalize_organization_code
from ..domain.shares import Snapshot, asks_student_number, share_stream, snapshot_of

SENT_FIELDS = ("share_id", "organization_id", "shared_at", "campaign_id")


@dataclass(frozen=True)
class PreviewShare:
    user_id: str
    organization_code: str


@dataclass(frozen=True)
class ReadMyShares:
    user_id: str


@dataclass(frozen=True)
class Organization:
    id: str
    display_name: str
    type: str


@dataclass(frozen=True)
class Preview:
    organization: Organization
    student_number_required: bool
    snapshot: Snapshot


@dataclass(frozen=True)
class SentShare:
    share_id: str
    organization_id: str
    display_name: str
    shared_at: str
    campaign_id: str | None


def organization_by_code(organizations, typed: str | None) -> Organization:
    """The organization a person means by what they typed (spaces, dashes, case tolerated),
    from the organizations read model: `{_id: "code:<CODE>", organization_id}`, then the
    organization's own document."""
    code = normalize_organization_code(typed or "")
    if code is None:
        raise OrganizationCodeEmpty()
    pointer = organizations.find_one({"_id": f"code:{code}"})
    doc = organizations.find_one({"_id": pointer["organization_id"]}) if pointer else None
    if doc is None:
        raise OrganizationCodeUnknown()
    return Organization(doc["_id"], doc["display_name"], doc["type"])


def preview_share(query: PreviewShare, meta=None, *, organizations, profiles) -> Preview:
    organization = organization_by_code(organizations, query.organization_code)
    return Preview(organization, asks_student_number(organization.type),
                   snapshot_of(profiles.find_one({"_id": query.user_id})))


def my_shares(query: ReadMyShares, meta=None, *, share_index, organizations, store) -> list[SentShare]:
    """Newest first: the share index, and the person's own stream of direct shares, which
    the index may not have caught up with right after "Envoyer" (a few probes by `_id`).
    Display names are read now, so that the index holds only what the events say (a replay
    rebuilds it without the organizations read model)."""
    doc = share_index.find_one({"_id": query.user_id}) or {}
    if doc.get("erased"):
        return []
    sent = {entry["share_id"]: entry for entry in doc.get("sent") or []}
    for envelope in store.read_stream(share_stream(query.user_id)):
        if envelope.type == "ProfileShared":
            data = envelope.data
            sent.setdefault(data["share_id"], {key: data[key] for key in SENT_FIELDS})
    newest_first = sorted(sent.values(), key=lambda e: (e["shared_at"], e["share_id"]), reverse=True)
    ids = sorted({entry["organization_id"] for entry in newest_first})
    # One find_one each: FerretDB scans the collection for an `_id` $in (docs/benchmarks.md).
    names = {i: (organizations.find_one({"_id": i}) or {}).get("display_name", "") for i in ids}
    return [SentShare(e["share_id"], e["organization_id"], names.get(e["organization_id"], ""), e["shared_at"],
                      e.get("campaign_id")) for e in newest_first]
