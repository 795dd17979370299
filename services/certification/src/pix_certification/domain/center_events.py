"""Events of certification centers (stream `center-request-<id>` then `center-<id>`).
Contact names, e-mails and phones never appear here: they wait in a vault keyed by the
request id, so that erasing the vault erases the person."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AccreditationRequested:
    request_id: str
    institution_name: str
    institution_type: str
    address: str
    requested_at: str


@dataclass(frozen=True)
class AccreditationDeclined:
    request_id: str
    reason: str
    declined_by: str
    declined_at: str


@dataclass(frozen=True)
class CenterAccredited:
    """The request accepted: the center exists; its first admin is invited at the contact
    e-mail kept in the vault under `request_id`."""
    request_id: str
    center_id: str
    name: str
    type: str
    address: str
    accredited_by: str
    accredited_at: str


@dataclass(frozen=True)
class CenterMemberInvited:
    center_id: str
    invitation_id: str
    role: str
    invited_by: str
    invited_at: str
    expires_at: str


@dataclass(frozen=True)
class CenterMemberJoined:
    center_id: str
    invitation_id: str
    user_id: str
    role: str
    joined_at: str


@dataclass(frozen=True)
class CenterMemberRoleChanged:
    center_id: str
    user_id: str
    role: str
    changed_by: str
    changed_at: str


@dataclass(frozen=True)
class CenterMemberRemoved:
    center_id: str
    user_id: str
    removed_by: str
    removed_at: str
