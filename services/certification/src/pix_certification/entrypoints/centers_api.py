"""The centers feature's HTTP API: accreditation requests, their decision, centers, their
members and invitations (docs/domain.md §6).

The request is public (the page "Je veux que mon établissement propose la certification
Pix"): the gateway lists its POST in PUBLIC_ROUTES, which match by prefix, so the decision
is a PUT on the request's `decision`, not a POST under it. Deciding and listing requests
takes the platform role CERTIF (in the access token). Certification checks membership itself
on every request (docs/architecture.md §6), from its own `memberships` read model: not being
a member of a center gets the same 404 CENTER_NOT_FOUND as an unknown id; 403 only when the
caller's own role is too low inside their own center.
"""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.auth import Claims
from pixkit.errors import Forbidden
from pixkit.web.access import caller, require
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta, request_language
from pixkit.web.membership import require_member
from pixkit.web.schemas import ErrorSchema, Schema
from pixkit.web.text_fields import SECRET

from ..domain import centers as c
from ..handlers import centers_queries as q

SCOPE = "center"
PLATFORM_ROLES = ("CERTIF",)
DECISIONS = (c.ACCREDITED, c.DECLINED)
# The request's fields as the form names them (camelCase on the wire).
WIRE_FIELDS = {"institution_name": "institutionName", "institution_type": "institutionType", "address": "address",
               "contact_name": "contactName", "contact_email": "contactEmail", "phone": "phone",
               "message": "message", "reason": "reason"}

centers = Blueprint("centers", __name__, url_prefix="/api/certification",
                    description="Centres de certification : agrément, membres et invitations")


def _member(center_id: str, *, platform: bool = False) -> tuple[Claims, str | None]:
    """(claims, role) of a member; with `platform`, a CERTIF admin passes with role None."""
    try:
        return require_member(SCOPE, center_id, platform_roles=PLATFORM_ROLES if platform else ())
    except Forbidden:
        raise c.CenterNotFound() from None


def _admin(center_id: str) -> Claims:
    claims, role = _member(center_id)
    if role != c.ADMIN:
        raise c.NotACenterAdmin()
    return claims


def _wire_details(error: c.InvalidAccreditationRequest) -> c.InvalidAccreditationRequest:
    return c.InvalidAccreditationRequest(details={WIRE_FIELDS.get(k, k): v for k, v in error.details.items()})


def _free_text(description: str = "plain text, checked by the domain's rules", **kwargs) -> fields.String:
    """Checked by the domain's rules (every bad field at once, line breaks where allowed)."""
    return fields.String(load_default="", metadata={**SECRET, "description": description}, **kwargs)


def _role() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(c.MEMBER_ROLES, error="UNKNOWN_MEMBER_ROLE"))


# ---- schemas ------------------------------------------------------------------------------

class NewAccreditationRequestSchema(Schema):
    institution_name = _free_text(data_key="institutionName")
    institution_type = _free_text(data_key="institutionType")
    address = _free_text()
    contact_name = _free_text(data_key="contactName")
    contact_email = _free_text(data_key="contactEmail")
    phone = _free_text()
    message = _free_text()


class CreatedIdSchema(Schema):
    id = fields.String(required=True)


class PendingAccreditationRequestSchema(Schema):
    id = fields.String(required=True)
    institution_name = fields.String(required=True, data_key="institutionName")
    institution_type = fields.String(required=True, data_key="institutionType")
    address = fields.String(required=True)
    requested_at = fields.String(required=True, data_key="requestedAt")
    contact_name = fields.String(allow_none=True, data_key="contactName")
    contact_email = fields.String(allow_none=True, data_key="contactEmail")
    phone = fields.String(allow_none=True)
    message = fields.String(allow_none=True)


class PendingAccreditationRequestsSchema(Schema):
    requests = fields.List(fields.Nested(PendingAccreditationRequestSchema), required=True)


class AccreditationDecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS, error="UNKNOWN_DECISION"))
    reason = _free_text("why, required to decline (plain text, line breaks allowed)")


class AccreditationDecidedSchema(Schema):
    request_id = fields.String(required=True, data_key="requestId")
    status = fields.String(required=True)
    center_id = fields.String(allow_none=True, data_key="centerId")


class CenterMemberSchema(Schema):
    user_id = fields.String(required=True, data_key="userId")
    role = fields.String(required=True)


class CenterPendingInvitationSchema(Schema):
    id = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)
    expires_at = fields.String(required=True, data_key="expiresAt")


class CenterDetailsSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True)
    address = fields.String(required=True)
    role = fields.String(allow_none=True, metadata={"description": "null for a CERTIF admin who is no member"})
    members = fields.List(fields.Nested(CenterMemberSchema), required=True,
                          metadata={"description": "user ids and roles (no names: certification keeps none yet)"})
    invitations = fields.List(fields.Nested(CenterPendingInvitationSchema),
                              metadata={"description": "pending invitations, for the center's admins only"})


class MyCenterSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True)
    address = fields.String(required=True)
    role = fields.String(required=True)


class MyCentersSchema(Schema):
    centers = fields.List(fields.Nested(MyCenterSchema), required=True)


class NewCenterInvitationSchema(Schema):
    email = fields.Email(required=True,
                         validate=validate.Length(max=c.TEXT_MAX, error="CENTER_INVITATION_EMAIL_TOO_LONG"))
    role = _role()


class CenterInvitationTokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200, error="INVALID"))


class CenterInvitationSchema(Schema):
    center_id = fields.String(required=True, data_key="centerId")
    name = fields.String(required=True)
    role = fields.String(required=True)


class CenterJoinedSchema(Schema):
    center_id = fields.String(required=True, data_key="centerId")


class CenterRoleSchema(Schema):
    role = _role()


class CenterMemberRoleSchema(Schema):
    user_id = fields.String(required=True, data_key="userId")
    role = fields.String(required=True)


# ---- accreditation requests ---------------------------------------------------------------

@centers.route("/accreditation-requests", methods=["POST"])
@centers.arguments(NewAccreditationRequestSchema)
@centers.response(201, CreatedIdSchema)
@centers.alt_response(422, schema=ErrorSchema,
                      description="INVALID_ACCREDITATION_REQUEST: details name each bad field and its code")
def request_accreditation(payload: dict):
    """Demander l'agrément de mon établissement comme centre de certification (public, sans compte)"""
    try:
        return container().execute(c.RequestAccreditation(**payload, locale=request_language()), current_meta())
    except c.InvalidAccreditationRequest as error:
        raise _wire_details(error) from None


@centers.route("/accreditation-requests", methods=["GET"])
@authenticated
@centers.response(200, PendingAccreditationRequestsSchema)
@centers.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: CERTIF seulement")
def pending_requests():
    """Les demandes d'agrément en attente, avec leur contact (CERTIF)"""
    require(roles=PLATFORM_ROLES)
    return container().execute(q.ListAccreditationRequests())


@centers.route("/accreditation-requests/<request_id>/decision", methods=["PUT"])
@authenticated
@centers.arguments(AccreditationDecisionSchema)
@centers.response(200, AccreditationDecidedSchema)
@centers.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: CERTIF seulement")
@centers.alt_response(404, schema=ErrorSchema, description="ACCREDITATION_REQUEST_NOT_FOUND")
@centers.alt_response(409, schema=ErrorSchema, description="ACCREDITATION_REQUEST_ALREADY_DECIDED")
@centers.alt_response(422, schema=ErrorSchema, description="DECLINE_REASON_REQUIRED, INVALID_ACCREDITATION_REQUEST")
def decide(payload: dict, request_id: str):
    """Agréer la demande (le centre est créé, son contact invité comme administrateur) ou la refuser (CERTIF)"""
    by = require(roles=PLATFORM_ROLES).user_id
    meta = current_meta(actor=by)
    if payload["decision"] == c.ACCREDITED:
        done = container().execute(c.Accredit(request_id, by), meta)
        return {"request_id": request_id, "status": c.ACCREDITED, "center_id": done["center_id"]}
    try:
        container().execute(c.Decline(request_id, payload["reason"], by), meta)
    except c.InvalidAccreditationRequest as error:
        raise _wire_details(error) from None
    return {"request_id": request_id, "status": c.DECLINED, "center_id": None}


# ---- centers and members ------------------------------------------------------------------

@centers.route("/centers/<center_id>", methods=["GET"])
@authenticated
@centers.response(200, CenterDetailsSchema)
@centers.alt_response(404, schema=ErrorSchema, description="CENTER_NOT_FOUND: inconnu, ou pas le vôtre")
def read_center(center_id: str):
    """Un centre, ses membres et mon rôle ; les invitations en attente pour ses administrateurs (membre, ou CERTIF)"""
    _, role = _member(center_id, platform=True)
    return container().execute(q.ReadCenter(center_id, role, with_invitations=role == c.ADMIN))


@centers.route("/me/centers", methods=["GET"])
@authenticated
@centers.response(200, MyCentersSchema)
def my_centers():
    """Les centres de certification dont je suis membre, avec mon rôle"""
    return container().execute(q.MyCenters(caller().user_id))


@centers.route("/centers/<center_id>/invitations", methods=["POST"])
@authenticated
@centers.arguments(NewCenterInvitationSchema)
@centers.response(201, CreatedIdSchema)
@centers.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: administrateurs seulement")
@centers.alt_response(404, schema=ErrorSchema, description="CENTER_NOT_FOUND: inconnu, ou pas le vôtre")
def invite(payload: dict, center_id: str):
    """Inviter quelqu'un par e-mail (lien à usage unique, valable 7 jours) (ADMIN)"""
    by = _admin(center_id).user_id
    return container().execute(c.InviteCenterMember(center_id, payload["email"], payload["role"], by,
                                                    request_language()), current_meta(actor=by))


@centers.route("/invitations/<invitation_id>", methods=["GET"])
@authenticated
@centers.arguments(CenterInvitationTokenSchema, location="query")
@centers.response(200, CenterInvitationSchema)
@centers.alt_response(404, schema=ErrorSchema, description="CENTER_INVITATION_NOT_FOUND: inconnue, ou mauvais jeton")
@centers.alt_response(409, schema=ErrorSchema, description="CENTER_INVITATION_USED")
@centers.alt_response(410, schema=ErrorSchema, description="CENTER_INVITATION_EXPIRED")
def invitation(query: dict, invitation_id: str):
    """Ce à quoi une invitation donne accès, avant de l'accepter"""
    caller()
    return container().execute(q.ReadCenterInvitation(invitation_id, query["token"]))


@centers.route("/invitations/<invitation_id>/acceptance", methods=["POST"])
@authenticated
@centers.arguments(CenterInvitationTokenSchema)
@centers.response(200, CenterJoinedSchema)
@centers.alt_response(404, schema=ErrorSchema, description="CENTER_INVITATION_NOT_FOUND: inconnue, ou mauvais jeton")
@centers.alt_response(409, schema=ErrorSchema, description="CENTER_INVITATION_USED")
@centers.alt_response(410, schema=ErrorSchema, description="CENTER_INVITATION_EXPIRED")
def accept(payload: dict, invitation_id: str):
    """Accepter une invitation (une seule fois) et devenir membre du centre"""
    by = caller().user_id
    return container().execute(c.JoinCenter(invitation_id, payload["token"], by), current_meta(actor=by))


@centers.route("/centers/<center_id>/members/<user_id>", methods=["PATCH"])
@authenticated
@centers.arguments(CenterRoleSchema)
@centers.response(200, CenterMemberRoleSchema)
@centers.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: administrateurs seulement")
@centers.alt_response(404, schema=ErrorSchema, description="CENTER_NOT_FOUND, CENTER_MEMBER_NOT_FOUND")
@centers.alt_response(409, schema=ErrorSchema, description="LAST_CENTER_ADMIN")
def change_role(payload: dict, center_id: str, user_id: str):
    """Changer le rôle d'un membre (ADMIN)"""
    by = _admin(center_id).user_id
    container().execute(c.ChangeCenterMemberRole(center_id, user_id, payload["role"], by), current_meta(actor=by))
    return {"user_id": user_id, "role": payload["role"]}


@centers.route("/centers/<center_id>/members/<user_id>", methods=["DELETE"])
@authenticated
@centers.response(204)
@centers.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: administrateurs, ou le membre lui-même")
@centers.alt_response(404, schema=ErrorSchema, description="CENTER_NOT_FOUND, CENTER_MEMBER_NOT_FOUND")
@centers.alt_response(409, schema=ErrorSchema, description="LAST_CENTER_ADMIN")
def remove(center_id: str, user_id: str):
    """Retirer un membre (ADMIN), ou quitter le centre"""
    claims, role = _member(center_id)
    if role != c.ADMIN and claims.user_id != user_id:
        raise c.NotACenterAdmin()
    container().execute(c.RemoveCenterMember(center_id, user_id, claims.user_id), current_meta(actor=claims.user_id))
