"""The centers read models, fed by the one "centers" loop (certification's accreditation and
Center* events, identity's UserAnonymized), so that each document has one writer (the local
store loses concurrent updates of one document).

`centers` holds three kinds of document, all read by `_id`:
- `{_id: <center id>, name, type, address, accredited_at, request_id,
  invitations: {<id>: {role, expires_at, accepted?}}}`;
- `{_id: "request:<request id>", institution_name, institution_type, address, requested_at,
  status?, center_id?}`: a request, and its decision once made;
- `{_id: "pending-requests", requests: {<request id>: {institution_name, institution_type,
  address, requested_at}}}`: what the platform admins (CERTIF) have to decide; removed when
  empty, so that a replay in any order leaves the same documents.

`memberships` is pixkit.memberships' (scope "center"), guarded by the event's position in the
center's stream. Every write sets values taken from the event only: a duplicate or an event
out of order changes nothing, and a replay in order writes the same documents. No names, no
addresses, no contact: those stay in the vault (adapters/center_vault.py).
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.memberships import Memberships
from pixkit.upserts import keep_canonical, upsert_one

from ..adapters.center_vault import CenterVault

CENTERS = "centers"
PENDING_REQUESTS = "pending-requests"
SCOPE = "center"


def request_doc_id(request_id: str) -> str:
    return f"request:{request_id}"


def _unlist(centers, request_id: str) -> None:
    centers.update_one({"_id": PENDING_REQUESTS}, {"$unset": {f"requests.{request_id}": ""}})
    centers.delete_one({"_id": PENDING_REQUESTS, "requests": {}})


def on_accreditation_requested(envelope: Envelope, *, centers) -> None:
    data = envelope.data
    request_id = data["request_id"]
    entry = {"institution_name": data["institution_name"], "institution_type": data["institution_type"],
             "address": data["address"], "requested_at": data["requested_at"]}
    doc_id = request_doc_id(request_id)
    upsert_one(centers, {"_id": doc_id}, {"$set": entry})
    keep_canonical(centers, doc_id)  # its decision may come first, from another partition
    if "status" in (centers.find_one({"_id": doc_id}) or {}):
        return  # decided already: never listed again
    upsert_one(centers, {"_id": PENDING_REQUESTS}, {"$set": {f"requests.{request_id}": entry}})
    keep_canonical(centers, PENDING_REQUESTS)  # requests arrive from every partition


def _decided(centers, request_id: str, decision: dict) -> None:
    doc_id = request_doc_id(request_id)
    upsert_one(centers, {"_id": doc_id}, {"$set": decision})
    keep_canonical(centers, doc_id)
    _unlist(centers, request_id)


def on_center_accredited(envelope: Envelope, *, centers) -> None:
    data = envelope.data
    upsert_one(centers, {"_id": data["center_id"]},
               {"$set": {"name": data["name"], "type": data["type"], "address": data["address"],
                         "accredited_at": data["accredited_at"], "request_id": data["request_id"]}})
    _decided(centers, data["request_id"], {"status": "ACCREDITED", "center_id": data["center_id"]})


def on_accreditation_declined(envelope: Envelope, *, centers) -> None:
    data = envelope.data
    _decided(centers, data["request_id"], {"status": "DECLINED", "declined_at": data["declined_at"]})


def on_member_invited(envelope: Envelope, *, centers) -> None:
    data = envelope.data
    prefix = f"invitations.{data['invitation_id']}"
    upsert_one(centers, {"_id": data["center_id"]},
               {"$set": {f"{prefix}.role": data["role"], f"{prefix}.expires_at": data["expires_at"]}})


def on_member_joined(envelope: Envelope, *, centers, memberships: Memberships) -> None:
    data = envelope.data
    upsert_one(centers, {"_id": data["center_id"]}, {"$set": {f"invitations.{data['invitation_id']}.accepted": True}})
    memberships.grant(SCOPE, data["center_id"], data["user_id"], data["role"], envelope.position)


def on_member_role_changed(envelope: Envelope, *, memberships: Memberships) -> None:
    data = envelope.data
    memberships.grant(SCOPE, data["center_id"], data["user_id"], data["role"], envelope.position)


def on_member_removed(envelope: Envelope, *, memberships: Memberships) -> None:
    data = envelope.data
    memberships.revoke(SCOPE, data["center_id"], data["user_id"], envelope.position)


def on_user_anonymized(envelope: Envelope, *, memberships: Memberships, vault: CenterVault) -> None:
    """The person leaves every center for good, and the vault forgets them (center_vault)."""
    user_id = envelope.data["user_id"]
    memberships.erase_person(user_id)
    vault.erase_person(user_id)
