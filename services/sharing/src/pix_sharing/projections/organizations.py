"""The organizations read models, fed by the one "organizations" loop (sharing's
Organization*/Member* events and identity's UserAnonymized), so that each document has one
writer (the local store loses concurrent updates of one document).

`organizations` holds three kinds of document, all read by `_id`:
- `{_id: <org id>, display_name, type, code, created_at, invitations: {<id>: {role, expires_at, accepted?}}}`
- `{_id: "code:<CODE>", organization_id}`: what a typed code leads to;
- `{_id: "directory", organizations: {<id>: {display_name, type, code, created_at}}}`: the platform admin's list.

`memberships` is pixkit.memberships' (scope "organization"), guarded by the event's position
in the organization's stream. Every write sets values taken from the event only, each
event touching its own fields: a duplicate or an event out of order changes nothing, and a
replay in order writes the same documents. No names, no addresses: the invitations' role and
expiry only (their addresses stay in the vault).
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.memberships import Memberships
from pixkit.upserts import keep_canonical, upsert_one

ORGANIZATIONS = "organizations"
DIRECTORY = "directory"
SCOPE = "organization"


def code_doc_id(code: str) -> str:
    return f"code:{code}"


def on_organization_created(envelope: Envelope, *, organizations) -> None:
    data = envelope.data
    organization_id = data["organization_id"]
    entry = {"display_name": data["display_name"], "type": data["type"], "code": data["code"],
             "created_at": data["created_at"]}
    # The organization's document before the code that leads to it: whoever finds the code
    # finds a whole organization (the share flow reads them in that order).
    upsert_one(organizations, {"_id": organization_id}, {"$set": entry})
    upsert_one(organizations, {"_id": code_doc_id(data["code"])}, {"$set": {"organization_id": organization_id}})
    upsert_one(organizations, {"_id": DIRECTORY}, {"$set": {f"organizations.{organization_id}": entry}})
    keep_canonical(organizations, DIRECTORY)  # organizations arrive from every partition


def on_member_invited(envelope: Envelope, *, organizations) -> None:
    data = envelope.data
    prefix = f"invitations.{data['invitation_id']}"
    upsert_one(organizations, {"_id": data["organization_id"]},
               {"$set": {f"{prefix}.role": data["role"], f"{prefix}.expires_at": data["expires_at"]}})


def on_member_joined(envelope: Envelope, *, organizations, memberships: Memberships) -> None:
    data = envelope.data
    upsert_one(organizations, {"_id": data["organization_id"]},
               {"$set": {f"invitations.{data['invitation_id']}.accepted": True}})
    memberships.grant(SCOPE, data["organization_id"], data["user_id"], data["role"], envelope.position)


def on_member_role_changed(envelope: Envelope, *, memberships: Memberships) -> None:
    data = envelope.data
    memberships.grant(SCOPE, data["organization_id"], data["user_id"], data["role"], envelope.position)


def on_member_removed(envelope: Envelope, *, memberships: Memberships) -> None:
    data = envelope.data
    memberships.revoke(SCOPE, data["organization_id"], data["user_id"], envelope.position)
