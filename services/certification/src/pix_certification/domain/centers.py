"""Certification centers (docs/domain.md §6): an institution's accreditation request, its
accreditation or refusal by a platform admin (CERTIF), and the center's members (ADMIN or
MEMBER, invited by e-mail). Pure rules: no Flask, store or broker.

States are plain dicts (saved as snapshots):
- request: `{request_id, institution_name, institution_type, address, status, center_id}`,
  status PENDING, ACCREDITED or DECLINED;
- center: `{center_id, name, type, address, members: {user id: role},
  invitations: {invitation id: {role, expires_at, accepted_by}}}`.
Membership follows the same rules as sharing's organizations (written again here: services
do not import each other). Times are ISO-8601 UTC strings, so they compare as text.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta

from pixkit.errors import DomainError, Forbidden
from pixkit.text import is_plain_text

from .center_events import (
    AccreditationDeclined,
    AccreditationRequested,
    CenterAccredited,
    CenterMemberInvited,
    CenterMemberJoined,
    CenterMemberRemoved,
    CenterMemberRoleChanged,
)

# Wire names of an institution's type.
CENTER_TYPES = ("SCHOOL", "HIGHER_EDUCATION", "PUBLIC_DIGITAL_SPACE", "COMPANY", "OTHER")
MEMBER_ROLES = ("ADMIN", "MEMBER")
ADMIN = "ADMIN"
PENDING, ACCREDITED, DECLINED = "PENDING", "ACCREDITED", "DECLINED"
INVITATION_TTL = timedelta(days=7)
# The server-side key (pixkit.service_secrets) that signs the invitation links' tokens.
INVITATION_KEY = "center-invitation-link"
# docs/domain.md §10: person-entered text is plain; names and e-mails stop at 255.
TEXT_MAX = 255
MESSAGE_MAX = 2000
PHONE_MAX = 30
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9 .()\-]{6,}")


def request_stream(request_id: str) -> str:
    return f"center-request-{request_id}"


def center_stream(center_id: str) -> str:
    return f"center-{center_id}"


# ---- errors -------------------------------------------------------------------------------

class InvalidAccreditationRequest(DomainError):
    """`details` maps each bad field to its error code (REQUIRED, TOO_LONG, ...)."""
    code = "INVALID_ACCREDITATION_REQUEST"


class RequestNotFound(DomainError):
    code = "ACCREDITATION_REQUEST_NOT_FOUND"


class RequestAlreadyDecided(DomainError):
    """Accredited or declined already: a request is decided once."""
    code = "ACCREDITATION_REQUEST_ALREADY_DECIDED"


class DeclineReasonRequired(DomainError):
    code = "DECLINE_REASON_REQUIRED"


class UnknownMemberRole(DomainError):
    code = "UNKNOWN_MEMBER_ROLE"


class CenterNotFound(DomainError):
    """Unknown, or not the caller's: one answer for both, so that none tells them apart."""
    code = "CENTER_NOT_FOUND"


class CenterMemberNotFound(DomainError):
    code = "CENTER_MEMBER_NOT_FOUND"


class LastCenterAdmin(DomainError):
    code = "LAST_CENTER_ADMIN"


class CenterInvitationNotFound(DomainError):
    code = "CENTER_INVITATION_NOT_FOUND"


class CenterInvitationUsed(DomainError):
    code = "CENTER_INVITATION_USED"


class CenterInvitationExpired(DomainError):
    code = "CENTER_INVITATION_EXPIRED"


class NotACenterAdmin(Forbidden):
    """A member whose role is too low, inside their own center (403 FORBIDDEN)."""


# ---- commands -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestAccreditation:
    institution_name: str
    institution_type: str
    address: str
    contact_name: str
    contact_email: str
    message: str
    phone: str = ""
    locale: str = "fr"


@dataclass(frozen=True)
class Accredit:
    request_id: str
    accredited_by: str


@dataclass(frozen=True)
class Decline:
    request_id: str
    reason: str
    declined_by: str


@dataclass(frozen=True)
class InviteCenterMember:
    center_id: str
    email: str
    role: str
    invited_by: str
    locale: str = "fr"


@dataclass(frozen=True)
class JoinCenter:
    invitation_id: str
    token: str
    user_id: str


@dataclass(frozen=True)
class ChangeCenterMemberRole:
    center_id: str
    user_id: str
    role: str
    changed_by: str


@dataclass(frozen=True)
class RemoveCenterMember:
    center_id: str
    user_id: str
    removed_by: str


# ---- the request --------------------------------------------------------------------------

def _check_text(errors: dict, field: str, value: str, limit: int, *, required: bool = True,
                multiline: bool = False) -> None:
    if not value:
        if required:
            errors[field] = "REQUIRED"
    elif len(value) > limit:
        errors[field] = "TOO_LONG"
    elif not is_plain_text(value, multiline=multiline):
        errors[field] = "CONTROL_CHARACTERS"


def validate_request(command: RequestAccreditation) -> RequestAccreditation:
    """The command with its texts trimmed, or InvalidAccreditationRequest naming every bad
    field at once (a form shows them all)."""
    fields = {name: (getattr(command, name) or "").strip() for name in
              ("institution_name", "institution_type", "address", "contact_name", "contact_email",
               "message", "phone")}
    errors: dict[str, str] = {}
    for name in ("institution_name", "address", "contact_name", "contact_email"):
        _check_text(errors, name, fields[name], TEXT_MAX)
    _check_text(errors, "message", fields["message"], MESSAGE_MAX, multiline=True)
    _check_text(errors, "phone", fields["phone"], PHONE_MAX, required=False)
    if "contact_email" not in errors and not _EMAIL.fullmatch(fields["contact_email"]):
        errors["contact_email"] = "INVALID_EMAIL"
    if "phone" not in errors and fields["phone"] and not _PHONE.fullmatch(fields["phone"]):
        errors["phone"] = "INVALID_PHONE"
    if fields["institution_type"] not in CENTER_TYPES:
        errors["institution_type"] = "REQUIRED" if not fields["institution_type"] else "UNKNOWN_TYPE"
    if errors:
        raise InvalidAccreditationRequest(details=errors)
    return RequestAccreditation(**fields, locale=command.locale)


def request_accreditation(command: RequestAccreditation, request_id: str, at: str) -> AccreditationRequested:
    """The event only; the caller puts the contact's name, e-mail and phone in the vault."""
    valid = validate_request(command)
    return AccreditationRequested(request_id=request_id, institution_name=valid.institution_name,
                                  institution_type=valid.institution_type, address=valid.address,
                                  requested_at=at)


def _pending(request: dict | None) -> dict:
    if request is None:
        raise RequestNotFound()
    if request["status"] != PENDING:
        raise RequestAlreadyDecided(status=request["status"])
    return request


def accredit(request: dict | None, center_id: str, accredited_by: str, at: str) -> CenterAccredited:
    request = _pending(request)
    return CenterAccredited(request_id=request["request_id"], center_id=center_id,
                            name=request["institution_name"], type=request["institution_type"],
                            address=request["address"], accredited_by=accredited_by, accredited_at=at)


def decline(request: dict | None, reason: str, declined_by: str, at: str) -> AccreditationDeclined:
    request = _pending(request)
    reason = (reason or "").strip()
    if not reason:
        raise DeclineReasonRequired()
    if len(reason) > MESSAGE_MAX or not is_plain_text(reason, multiline=True):
        raise InvalidAccreditationRequest(details={"reason": "TOO_LONG" if len(reason) > MESSAGE_MAX
                                                   else "CONTROL_CHARACTERS"})
    return AccreditationDeclined(request_id=request["request_id"], reason=reason, declined_by=declined_by,
                                 declined_at=at)


def evolve_request(state: dict | None, envelope) -> dict | None:
    data, kind = envelope.data, envelope.type
    if kind == "AccreditationRequested":
        if state is not None:  # replayed: a decision already made stays
            return state
        return {"request_id": data["request_id"], "institution_name": data["institution_name"],
                "institution_type": data["institution_type"], "address": data["address"],
                "status": PENDING, "center_id": None}
    if state is None:
        return None
    if kind == "CenterAccredited":
        return {**state, "status": ACCREDITED, "center_id": data["center_id"]}
    if kind == "AccreditationDeclined":
        return {**state, "status": DECLINED}
    return state


# ---- the invitation link -------------------------------------------------------------------

def link_token(key: bytes, invitation_id: str) -> str:
    """The link's secret: an HMAC of the invitation id, so that nothing stores it."""
    digest = hmac.new(key, invitation_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str | None) -> bool:
    return bool(stored_hash) and hmac.compare_digest(token_hash(token or ""), stored_hash)


# ---- the center and its members -----------------------------------------------------------

def evolve(state: dict | None, envelope) -> dict | None:
    """The center after one of its events; replaying an event gives the same state."""
    data, kind = envelope.data, envelope.type
    if kind == "CenterAccredited":
        if state is not None:
            return state
        return {"center_id": data["center_id"], "name": data["name"], "type": data["type"],
                "address": data["address"], "accredited_at": data["accredited_at"],
                "accredited_by": data["accredited_by"], "members": {}, "invitations": {}}
    if state is None:
        return None
    state = {**state, "members": dict(state["members"]), "invitations": dict(state["invitations"])}
    if kind == "CenterMemberInvited":
        state["invitations"][data["invitation_id"]] = {"role": data["role"], "expires_at": data["expires_at"],
                                                       "accepted_by": None}
    elif kind == "CenterMemberJoined":
        state["members"][data["user_id"]] = data["role"]
        invitation = state["invitations"].get(data["invitation_id"])
        if invitation is not None:
            state["invitations"][data["invitation_id"]] = {**invitation, "accepted_by": data["user_id"]}
    elif kind == "CenterMemberRoleChanged":
        state["members"][data["user_id"]] = data["role"]
    elif kind == "CenterMemberRemoved":
        state["members"].pop(data["user_id"], None)
    return state


def require_admin(center: dict, user_id: str) -> None:
    if center["members"].get(user_id) != ADMIN:
        raise NotACenterAdmin()


def _admins(center: dict) -> set[str]:
    return {uid for uid, role in center["members"].items() if role == ADMIN}


def _check_role(role: str) -> None:
    if role not in MEMBER_ROLES:
        raise UnknownMemberRole(role=role)


def invite(center: dict, invitation_id: str, role: str, invited_by: str | None, at: str,
           expires_at: str) -> CenterMemberInvited:
    """`invited_by` None is the first admin's invitation, made by the accreditation itself."""
    _check_role(role)
    if invited_by is not None:
        require_admin(center, invited_by)
    return CenterMemberInvited(center_id=center["center_id"], invitation_id=invitation_id, role=role,
                               invited_by=invited_by or "", invited_at=at, expires_at=expires_at)


def join(center: dict, invitation_id: str, user_id: str, at: str) -> CenterMemberJoined | None:
    """None when nothing changes (the same person again, or a role already as high: an
    invitation never lowers a role). Checking the link's token is the caller's job."""
    invitation = center["invitations"].get(invitation_id)
    if invitation is None:
        raise CenterInvitationNotFound()
    if invitation["accepted_by"] == user_id:
        return None
    if invitation["accepted_by"] is not None:
        raise CenterInvitationUsed()
    if at >= invitation["expires_at"]:
        raise CenterInvitationExpired()
    current = center["members"].get(user_id)
    if current == ADMIN or current == invitation["role"]:
        return None
    return CenterMemberJoined(center_id=center["center_id"], invitation_id=invitation_id, user_id=user_id,
                              role=invitation["role"], joined_at=at)


def change_role(center: dict, user_id: str, role: str, changed_by: str, at: str) -> CenterMemberRoleChanged | None:
    _check_role(role)
    require_admin(center, changed_by)
    current = center["members"].get(user_id)
    if current is None:
        raise CenterMemberNotFound()
    if current == role:
        return None
    if current == ADMIN and _admins(center) == {user_id}:
        raise LastCenterAdmin()
    return CenterMemberRoleChanged(center_id=center["center_id"], user_id=user_id, role=role,
                                   changed_by=changed_by, changed_at=at)


def remove(center: dict, user_id: str, removed_by: str, at: str) -> CenterMemberRemoved:
    """An admin removes anyone; a member may leave."""
    if removed_by != user_id:
        require_admin(center, removed_by)
    current = center["members"].get(user_id)
    if current is None:
        raise CenterMemberNotFound()
    if current == ADMIN and _admins(center) == {user_id}:
        raise LastCenterAdmin()
    return CenterMemberRemoved(center_id=center["center_id"], user_id=user_id, removed_by=removed_by,
                               removed_at=at)
