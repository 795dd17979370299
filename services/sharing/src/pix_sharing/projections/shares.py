"""What people shared, as organizations read it: subscription "shares" (ProfileShared, from
sharing's own topic, and UserAnonymized), the one writer of these collections:

- `shares`: one snapshot per share, `_id` = share id: the event's figures, with the names
  and student number of the share vault (adapters/share_vault.py);
- `share_index`: `_id` = user id → `organizations: {<org id>: [share ids]}` and `sent:
  [{share_id, organization_id, shared_at, campaign_id}]`, both in (shared_at, share id)
  order whatever the order the events came in; `{_id, erased: true}` once the person is erased;
- `org_tables`: each organization's table (adapters/tables.py), one row per person: their
  latest share to it by (shared_at, share id), `k` the campaigns of all their shares to it.

Every write is derived from the index, so a duplicate writes nothing and an event delivered
again after a crash finishes what the first delivery began (snapshot, then index, then row).
Erasure (docs/architecture.md §5) removes the rows first, then the snapshots and vault
entries, and writes the erased marker last; the marker keeps later events from bringing
the person back, and takes their vault entry with them.
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.upserts import upsert_one
from pymongo.errors import DuplicateKeyError

from ..adapters.share_vault import ShareVault
from ..adapters.tables import ChunkedTable

SHARES, SHARE_INDEX, ORG_TABLES = "shares", "share_index", "org_tables"
# The event's fields a snapshot keeps, in this order (documents compare byte for byte).
SNAPSHOT_FIELDS = ("user_id", "organization_id", "campaign_id", "participation_id", "shared_at", "total_pix",
                   "profile_percent", "certifiable_competences", "competences", "profile_updated_at")


def _order(entry: dict) -> tuple[str, str]:
    return entry["shared_at"], entry["share_id"]


def snapshot_document(data: dict, vault: ShareVault) -> dict:
    identity = vault.get(data["share_id"])
    doc = {"_id": data["share_id"], **{name: data[name] for name in SNAPSHOT_FIELDS}}
    doc.update(first_name=identity.first_name if identity else "", last_name=identity.last_name if identity else "",
               student_number=identity.student_number if identity else None)
    return doc


def table_row(snapshot: dict, campaign_ids: list[str]) -> dict:
    """The organization table's row (the shape adapters/tables.py's ORG_ROWS reads)."""
    competences = snapshot["competences"]
    return {"l": snapshot["last_name"], "f": snapshot["first_name"], "d": snapshot["shared_at"],
            "p": snapshot["total_pix"], "c": snapshot["profile_percent"], "s": snapshot["student_number"] or "",
            "k": campaign_ids, "lv": "".join(str(c["level"]) for c in competences),
            "px": [c["pix"] for c in competences], "n": snapshot["certifiable_competences"],
            "sh": snapshot["_id"]}


def _index_fields(sent: list[dict]) -> dict:
    sent = sorted(sent, key=_order)
    organizations: dict[str, list[str]] = {}
    for entry in sent:
        organizations.setdefault(entry["organization_id"], []).append(entry["share_id"])
    return {"organizations": dict(sorted(organizations.items())), "sent": sent}


def _refresh_row(organization_id: str, user_id: str, sent: list[dict], *, shares, org_tables) -> None:
    theirs = [entry for entry in sent if entry["organization_id"] == organization_id]
    latest = max(theirs, key=_order)
    snapshot = shares.find_one({"_id": latest["share_id"]})
    if snapshot is None:  # its own event writes it first: only a store lost since could miss it
        return
    campaign_ids = sorted({entry["campaign_id"] for entry in theirs if entry["campaign_id"]})
    ChunkedTable(org_tables, organization_id).put(user_id, table_row(snapshot, campaign_ids))


def on_profile_shared(envelope: Envelope, *, shares, share_index, org_tables, vault: ShareVault) -> None:
    data = envelope.data
    user_id, share_id = data["user_id"], data["share_id"]
    index = share_index.find_one({"_id": user_id}) or {}
    if index.get("erased"):
        vault.forget([share_id])  # a share sent just before the erasure, come after it
        vault.forget_person(user_id)
        return
    try:
        shares.insert_one(snapshot_document(data, vault))
    except DuplicateKeyError:
        pass  # the same event again: the snapshot of a share never changes
    sent = list(index.get("sent") or [])
    if all(entry["share_id"] != share_id for entry in sent):
        sent.append({"share_id": share_id, "organization_id": data["organization_id"],
                     "shared_at": data["shared_at"], "campaign_id": data["campaign_id"]})
        upsert_one(share_index, {"_id": user_id}, {"$set": _index_fields(sent)})
    _refresh_row(data["organization_id"], user_id, sent, shares=shares, org_tables=org_tables)


def on_user_anonymized(envelope: Envelope, *, shares, share_index, org_tables, vault: ShareVault) -> None:
    user_id = envelope.data["user_id"]
    vault.forget_person(user_id)  # entries no event names too; again on a redelivery
    index = share_index.find_one({"_id": user_id}) or {}
    if index.get("erased"):
        return
    for organization_id in index.get("organizations") or {}:
        ChunkedTable(org_tables, organization_id).remove(user_id)
    share_ids = [entry["share_id"] for entry in index.get("sent") or []]
    if share_ids:
        for share_id in share_ids:  # one by one: an `_id` $in scans on the local store
            shares.delete_one({"_id": share_id})
        vault.forget(share_ids)
    upsert_one(share_index, {"_id": user_id},
               {"$set": {"erased": True}, "$unset": {"organizations": "", "sent": ""}})
