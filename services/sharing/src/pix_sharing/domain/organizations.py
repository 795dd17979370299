"""Organizations, their members and invitations (docs/domain.md §7): the aggregate of stream
`organization-<id>`, its codes and its invitation links. Free of Flask, stores and brokers.

The aggregate's state is a plain dict (it is saved as the stream's snapshot):
`{organization_id, display_name, type, code, members: {user id: role},
invitations: {invitation id: {role, expires_at, accepted_by}}}`.

An invitation's link token is an HMAC of its id with a service key, so that the mailer can
rebuild it from the event while the store holds only its SHA-256 (a leaked vault gives no
working link). A link works once, for 7 days.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from pixkit.errors import DomainError, Forbidden

from .events import MemberInvited, MemberJoined, MemberRemoved, MemberRoleChanged

ORGANIZATION_TYPES = ("SCO", "SUP", "PRO", "MEDIATION")
MEMBER_ROLES = ("ADMIN", "MEMBER")
ADMIN = "ADMIN"
# Unambiguous characters (no I, O, 0, 1), as the contract's pattern says.
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_DIGITS = "23456789"
_CODE = re.compile(f"[{CODE_LETTERS}]{{4}}[{CODE_DIGITS}]{{4}}")
INVITATION_TTL = timedelta(days=7)
INVITATION_KEY = "invitation-link"
NAME_MAX = 200


def organization_stream(organization_id: str) -> str:
    return f"organization-{organization_id}"


# ---- errors -------------------------------------------------------------------------------

class OrganizationCodeEmpty(DomainError):
    code = "ORGANIZATION_CODE_EMPTY"


class OrganizationCodeUnknown(DomainError):
    code = "ORGANIZATION_CODE_UNKNOWN"


class OrganizationNotFound(DomainError):
    """Unknown, or not the caller's: the same answer for both."""
    code = "ORGANIZATION_NOT_FOUND"


class MemberNotFound(DomainError):
    code = "MEMBER_NOT_FOUND"


class LastAdmin(DomainError):
    code = "LAST_ADMIN"


class InvitationNotFound(DomainError):
    """Unknown id, or a token that is not this invitation's."""
    code = "INVITATION_NOT_FOUND"


class InvitationUsed(DomainError):
    code = "INVITATION_USED"


class InvitationExpired(DomainError):
    code = "INVITATION_EXPIRED"


class NotAnOrganizationAdmin(Forbidden):
    """A member whose own role is too low, inside their own organization (403 FORBIDDEN)."""


# ---- commands and queries -----------------------------------------------------------------

@dataclass(frozen=True)
class CreateOrganization:
    display_name: str
    type: str
    admin_email: str
    created_by: str
    locale: str = "fr"


@dataclass(frozen=True)
class InviteMember:
    organization_id: str
    email: str
    role: str
    invited_by: str
    locale: str = "fr"


@dataclass(frozen=True)
class AcceptInvitation:
    invitation_id: str
    token: str
    user_id: str


@dataclass(frozen=True)
class ChangeMemberRole:
    organization_id: str
    user_id: str
    role: str
    changed_by: str


@dataclass(frozen=True)
class RemoveMember:
    organization_id: str
    user_id: str
    removed_by: str


@dataclass(frozen=True)
class ListOrganizations:
    """The platform admin's list (SUPER_ADMIN)."""


@dataclass(frozen=True)
class MyOrganizations:
    user_id: str


@dataclass(frozen=True)
class OrganizationByCode:
    code: str


@dataclass(frozen=True)
class ReadOrganization:
    organization_id: str
    role: str | None


@dataclass(frozen=True)
class ReadMembers:
    organization_id: str
    with_invitations: bool


@dataclass(frozen=True)
class ReadInvitation:
    invitation_id: str
    token: str


# ---- codes --------------------------------------------------------------------------------

def draw_organization_code(choice: Callable[[str], str] = secrets.choice) -> str:
    return "".join(choice(CODE_LETTERS) for _ in range(4)) + "-" + "".join(choice(CODE_DIGITS) for _ in range(4))


def normalize_organization_code(text: str) -> str | None:
    """What a person typed, as codes are stored (`ABCD-2345`): spaces and dashes dropped,
    upper case. None when nothing is left (the caller answers ORGANIZATION_CODE_EMPTY). A
    text that cannot be a code comes back compacted: no organization holds it, so looking it
    up answers ORGANIZATION_CODE_UNKNOWN."""
    compact = re.sub(r"[\s\-]+", "", text or "").upper()
    if not compact:
        return None
    return f"{compact[:4]}-{compact[4:]}" if _CODE.fullmatch(compact) else compact[:32]


def code_key(code: str) -> str:
    """The `_id` of a code, in the `codes` reservations and in the read model."""
    return f"organization:{code}"


# ---- invitation links ---------------------------------------------------------------------

def link_token(key: bytes, invitation_id: str) -> str:
    digest = hmac.new(key, invitation_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str | None) -> bool:
    return bool(stored_hash) and hmac.compare_digest(token_hash(token or ""), stored_hash)


# ---- the aggregate ------------------------------------------------------------------------

def evolve(state: dict | None, envelope) -> dict | None:
    """The organization after one of its events (EventStore.load's evolve)."""
    data, kind = envelope.data, envelope.type
    if kind == "OrganizationCreated":
        return {"organization_id": data["organization_id"], "display_name": data["display_name"],
                "type": data["type"], "code": data["code"], "members": {}, "invitations": {}}
    if state is None:
        return None
    state = {**state, "members": dict(state["members"]), "invitations": dict(state["invitations"])}
    if kind == "MemberInvited":
        state["invitations"][data["invitation_id"]] = {"role": data["role"], "expires_at": data["expires_at"],
                                                       "accepted_by": None}
    elif kind == "MemberJoined":
        state["members"][data["user_id"]] = data["role"]
        invitation = state["invitations"].get(data["invitation_id"])
        if invitation is not None:
            state["invitations"][data["invitation_id"]] = {**invitation, "accepted_by": data["user_id"]}
    elif kind == "MemberRoleChanged":
        state["members"][data["user_id"]] = data["role"]
    elif kind == "MemberRemoved":
        state["members"].pop(data["user_id"], None)
    return state


def require_admin(state: dict, user_id: str) -> None:
    if state["members"].get(user_id) != ADMIN:
        raise NotAnOrganizationAdmin()


def _admins(state: dict) -> set[str]:
    return {uid for uid, role in state["members"].items() if role == ADMIN}


def invite(state: dict, invitation_id: str, role: str, invited_by: str, at: str, expires_at: str) -> MemberInvited:
    require_admin(state, invited_by)
    return MemberInvited(organization_id=state["organization_id"], invitation_id=invitation_id, role=role,
                         invited_by=invited_by, invited_at=at, expires_at=expires_at)


def join(state: dict, invitation_id: str, user_id: str, at: str) -> MemberJoined | None:
    """None when nothing changes: the invitation was already turned into a membership, or
    the person is a member already with a role at least as high (an invitation never
    lowers a role, so it can never take the last admin away)."""
    invitation = state["invitations"].get(invitation_id)
    if invitation is None:
        raise InvitationNotFound()
    if invitation["accepted_by"] is not None:
        return None
    current = state["members"].get(user_id)
    if current == ADMIN or current == invitation["role"]:
        return None
    return MemberJoined(organization_id=state["organization_id"], user_id=user_id, role=invitation["role"],
                        invitation_id=invitation_id, joined_at=at)


def change_role(state: dict, user_id: str, role: str, changed_by: str, at: str) -> MemberRoleChanged | None:
    require_admin(state, changed_by)
    current = state["members"].get(user_id)
    if current is None:
        raise MemberNotFound()
    if current == role:
        return None
    if current == ADMIN and _admins(state) == {user_id}:
        raise LastAdmin()
    return MemberRoleChanged(organization_id=state["organization_id"], user_id=user_id, role=role,
                             changed_by=changed_by, changed_at=at)


def remove(state: dict, user_id: str, removed_by: str, at: str) -> MemberRemoved:
    """An admin removes anyone; a member may leave."""
    if removed_by != user_id:
        require_admin(state, removed_by)
    current = state["members"].get(user_id)
    if current is None:
        raise MemberNotFound()
    if current == ADMIN and _admins(state) == {user_id}:
        raise LastAdmin()
    return MemberRemoved(organization_id=state["organization_id"], user_id=user_id, removed_by=removed_by,
                         removed_at=at)
