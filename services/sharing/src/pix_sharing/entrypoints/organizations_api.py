"""The organizations feature's HTTP API: organizations, their members and invitations.

Sharing checks membership itself on every request (docs/architecture.md §6), from its own
`memberships` read model: not being a member of an organization gets the same 404
ORGANIZATION_NOT_FOUND as an unknown id, so that no answer tells one from the other; 403
only when the caller's own role is too low inside their own organization.
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

from ..domain import organizations as org

SCOPE = "organization"
PLATFORM_ADMIN = ("SUPER_ADMIN",)

organizations = Blueprint("organizations", __name__, url_prefix="/api/organizations",
                          description="Organisations, membres et invitations")


def _member(organization_id: str, *, platform: bool = False) -> tuple[Claims, str | None]:
    """(claims, role) of a member; with `platform`, a platform admin passes with role None."""
    try:
        return require_member(SCOPE, organization_id, platform_roles=PLATFORM_ADMIN if platform else ())
    except Forbidden:
        raise org.OrganizationNotFound() from None


def _admin(organization_id: str) -> Claims:
    claims, role = _member(organization_id)
    if role != org.ADMIN:
        raise org.NotAnOrganizationAdmin()
    return claims


def _role() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(org.MEMBER_ROLES, error="MEMBER_ROLE_UNKNOWN"))


def _email(**data_key) -> fields.Email:
    return fields.Email(required=True, validate=validate.Length(max=255, error="INVITATION_EMAIL_TOO_LONG"),
                        **data_key)


class NewOrganizationSchema(Schema):
    display_name = fields.String(required=True, data_key="displayName",
                                 validate=validate.Length(min=1, max=org.NAME_MAX, error="ORGANIZATION_NAME_LENGTH"))
    type = fields.String(required=True,
                         validate=validate.OneOf(org.ORGANIZATION_TYPES, error="ORGANIZATION_TYPE_UNKNOWN"))
    admin_email = _email(data_key="adminEmail")


class OrganizationCardSchema(Schema):
    id = fields.String(required=True)
    display_name = fields.String(required=True, data_key="displayName")
    type = fields.String(required=True)
    code = fields.String(required=True)


class ListedOrganizationSchema(OrganizationCardSchema):
    created_at = fields.String(required=True, data_key="createdAt")


class OrganizationListSchema(Schema):
    organizations = fields.List(fields.Nested(ListedOrganizationSchema), required=True)


class MyOrganizationSchema(OrganizationCardSchema):
    role = fields.String(required=True)


class MyOrganizationsSchema(Schema):
    organizations = fields.List(fields.Nested(MyOrganizationSchema), required=True)


class OrganizationWithRoleSchema(OrganizationCardSchema):
    role = fields.String(allow_none=True, metadata={"description": "null for a platform admin who is no member"})


class OrganizationByCodeSchema(Schema):
    id = fields.String(required=True)
    display_name = fields.String(required=True, data_key="displayName")
    type = fields.String(required=True)


class MemberSchema(Schema):
    user_id = fields.String(required=True, data_key="userId")
    first_name = fields.String(allow_none=True, data_key="firstName")
    last_name = fields.String(allow_none=True, data_key="lastName")
    role = fields.String(required=True)


class MemberRoleSchema(Schema):
    user_id = fields.String(required=True, data_key="userId")
    role = fields.String(required=True)


class PendingInvitationSchema(Schema):
    id = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)
    expires_at = fields.String(required=True, data_key="expiresAt")


class MembersSchema(Schema):
    members = fields.List(fields.Nested(MemberSchema), required=True)
    invitations = fields.List(fields.Nested(PendingInvitationSchema),
                              metadata={"description": "pending invitations, for the organization's admins only"})


class NewInvitationSchema(Schema):
    email = _email()
    role = _role()


class CreatedSchema(Schema):
    id = fields.String(required=True)


class TokenQuerySchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class InvitationSchema(Schema):
    organization_id = fields.String(required=True, data_key="organizationId")
    display_name = fields.String(required=True, data_key="displayName")
    role = fields.String(required=True)


class AcceptedSchema(Schema):
    organization_id = fields.String(required=True, data_key="organizationId")


class RoleSchema(Schema):
    role = _role()


@organizations.route("", methods=["POST"])
@authenticated
@organizations.arguments(NewOrganizationSchema)
@organizations.response(201, OrganizationCardSchema)
@organizations.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: SUPER_ADMIN seulement")
def create(payload: dict):
    """Créer une organisation ; son administrateur reçoit une invitation par e-mail (SUPER_ADMIN)"""
    by = require(roles=PLATFORM_ADMIN).user_id
    return container().execute(org.CreateOrganization(payload["display_name"], payload["type"],
                                                      payload["admin_email"], by, request_language()),
                               current_meta(actor=by))


@organizations.route("", methods=["GET"])
@authenticated
@organizations.response(200, OrganizationListSchema)
@organizations.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: SUPER_ADMIN seulement")
def directory():
    """Toutes les organisations (SUPER_ADMIN)"""
    require(roles=PLATFORM_ADMIN)
    return container().execute(org.ListOrganizations())


@organizations.route("/mine", methods=["GET"])
@authenticated
@organizations.response(200, MyOrganizationsSchema)
def mine():
    """Les organisations dont je suis membre, avec mon rôle"""
    return container().execute(org.MyOrganizations(caller().user_id))


@organizations.route("/by-code/<code>", methods=["GET"])
@authenticated
@organizations.response(200, OrganizationByCodeSchema)
@organizations.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_CODE_UNKNOWN")
@organizations.alt_response(422, schema=ErrorSchema, description="ORGANIZATION_CODE_EMPTY")
def by_code(code: str):
    """L'organisation d'un code (espaces, tiret et casse tolérés), pour confirmer avant de partager"""
    caller()
    return container().execute(org.OrganizationByCode(code))


@organizations.route("/<organization_id>", methods=["GET"])
@authenticated
@organizations.response(200, OrganizationWithRoleSchema)
@organizations.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND: inconnue, ou pas la vôtre")
def read(organization_id: str):
    """Une organisation et mon rôle (membre, ou SUPER_ADMIN)"""
    _, role = _member(organization_id, platform=True)
    return container().execute(org.ReadOrganization(organization_id, role))


@organizations.route("/<organization_id>/members", methods=["GET"])
@authenticated
@organizations.response(200, MembersSchema)
@organizations.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND: inconnue, ou pas la vôtre")
def members(organization_id: str):
    """Les membres ; les invitations en attente pour les administrateurs (membre)"""
    _, role = _member(organization_id)
    return container().execute(org.ReadMembers(organization_id, with_invitations=role == org.ADMIN))


@organizations.route("/<organization_id>/invitations", methods=["POST"])
@authenticated
@organizations.arguments(NewInvitationSchema)
@organizations.response(201, CreatedSchema)
@organizations.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: administrateurs seulement")
@organizations.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND: inconnue, ou pas la vôtre")
def invite(payload: dict, organization_id: str):
    """Inviter quelqu'un par e-mail (lien à usage unique, valable 7 jours) (ADMIN)"""
    by = _admin(organization_id).user_id
    return container().execute(org.InviteMember(organization_id, payload["email"], payload["role"], by,
                                                request_language()), current_meta(actor=by))


@organizations.route("/invitations/<invitation_id>", methods=["GET"])
@authenticated
@organizations.arguments(TokenQuerySchema, location="query")
@organizations.response(200, InvitationSchema)
@organizations.alt_response(404, schema=ErrorSchema, description="INVITATION_NOT_FOUND: inconnue, ou mauvais jeton")
@organizations.alt_response(409, schema=ErrorSchema, description="INVITATION_USED")
@organizations.alt_response(410, schema=ErrorSchema, description="INVITATION_EXPIRED")
def invitation(query: dict, invitation_id: str):
    """Ce à quoi une invitation donne accès, avant de l'accepter"""
    caller()
    return container().execute(org.ReadInvitation(invitation_id, query["token"]))


@organizations.route("/invitations/<invitation_id>/accept", methods=["POST"])
@authenticated
@organizations.arguments(TokenQuerySchema)
@organizations.response(200, AcceptedSchema)
@organizations.alt_response(404, schema=ErrorSchema, description="INVITATION_NOT_FOUND: inconnue, ou mauvais jeton")
@organizations.alt_response(409, schema=ErrorSchema, description="INVITATION_USED")
@organizations.alt_response(410, schema=ErrorSchema, description="INVITATION_EXPIRED")
def accept(payload: dict, invitation_id: str):
    """Accepter une invitation (une seule fois) et devenir membre"""
    by = caller().user_id
    return container().execute(org.AcceptInvitation(invitation_id, payload["token"], by), current_meta(actor=by))


@organizations.route("/<organization_id>/members/<user_id>", methods=["PATCH"])
@authenticated
@organizations.arguments(RoleSchema)
@organizations.response(200, MemberRoleSchema)
@organizations.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: administrateurs seulement")
@organizations.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND, MEMBER_NOT_FOUND")
@organizations.alt_response(409, schema=ErrorSchema, description="LAST_ADMIN")
def change_role(payload: dict, organization_id: str, user_id: str):
    """Changer le rôle d'un membre (ADMIN)"""
    by = _admin(organization_id).user_id
    container().execute(org.ChangeMemberRole(organization_id, user_id, payload["role"], by), current_meta(actor=by))
    return {"user_id": user_id, "role": payload["role"]}


@organizations.route("/<organization_id>/members/<user_id>", methods=["DELETE"])
@authenticated
@organizations.response(204)
@organizations.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: administrateurs, ou le membre lui-même")
@organizations.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND, MEMBER_NOT_FOUND")
@organizations.alt_response(409, schema=ErrorSchema, description="LAST_ADMIN")
def remove(organization_id: str, user_id: str):
    """Retirer un membre (ADMIN), ou quitter l'organisation"""
    claims, role = _member(organization_id)
    if role != org.ADMIN and claims.user_id != user_id:
        raise org.NotAnOrganizationAdmin()
    container().execute(org.RemoveMember(organization_id, user_id, claims.user_id),
                        current_meta(actor=claims.user_id))


BLUEPRINTS: list = [organizations]
