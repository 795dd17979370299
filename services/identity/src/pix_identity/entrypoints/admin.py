"""The admin space's account routes. Identity checks the caller's token and platform role
itself; the gateway only refuses a missing or invalid token earlier."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.web.access import PLATFORM_ROLES, require
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta
from pixkit.web.schemas import ErrorSchema, Schema

from ..domain import admin

accounts = Blueprint("admin_users", __name__, url_prefix="/api/admin/users",
                     description="Espace d'administration : comptes")


class RolesSchema(Schema):
    roles = fields.List(fields.String(validate=validate.OneOf(PLATFORM_ROLES, error="UNKNOWN_ROLE")),
                        required=True, validate=validate.Length(max=len(PLATFORM_ROLES)))


class AccountSchema(Schema):
    id = fields.String(attribute="_id")
    first_name = fields.String(data_key="firstName")
    last_name = fields.String(data_key="lastName")
    email = fields.String()
    locale = fields.String()
    roles = fields.List(fields.String(), dump_default=list)


class FindSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=255))


@accounts.route("", methods=["GET"])
@authenticated
@accounts.arguments(FindSchema, location="query")
@accounts.response(200, AccountSchema)
@accounts.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: SUPER_ADMIN ou SUPPORT seulement")
@accounts.alt_response(404, schema=ErrorSchema, description="USER_NOT_FOUND")
def find(query: dict):
    """Trouver un compte par son adresse e-mail (support)"""
    require(roles=admin.READ_ACCOUNTS)
    return container().execute(admin.FindAccount(query["email"]))


@accounts.route("/<user_id>", methods=["GET"])
@authenticated
@accounts.response(200, AccountSchema)
@accounts.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: SUPER_ADMIN ou SUPPORT seulement")
@accounts.alt_response(404, schema=ErrorSchema, description="USER_NOT_FOUND")
def read(user_id: str):
    """Consulter un compte (support)"""
    require(roles=admin.READ_ACCOUNTS)
    return container().execute(admin.ReadAccount(user_id))


@accounts.route("/<user_id>/roles", methods=["PUT"])
@authenticated
@accounts.arguments(RolesSchema)
@accounts.response(200, AccountSchema)
@accounts.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: SUPER_ADMIN seulement")
@accounts.alt_response(404, schema=ErrorSchema, description="USER_NOT_FOUND")
@accounts.alt_response(409, schema=ErrorSchema, description="CANNOT_DEMOTE_SELF")
def set_roles(payload: dict, user_id: str):
    """Donner ou retirer des rôles de plateforme (SUPER_ADMIN, SUPPORT, CERTIF)"""
    by = require(roles=admin.GRANT_ROLES).user_id
    return container().execute(admin.SetRoles(user_id, tuple(payload["roles"]), by), current_meta(actor=by))


@accounts.route("/<user_id>/anonymization", methods=["POST"])
@authenticated
@accounts.response(204)
@accounts.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: SUPER_ADMIN ou SUPPORT seulement")
@accounts.alt_response(404, schema=ErrorSchema, description="USER_NOT_FOUND")
def anonymize(user_id: str):
    """Anonymiser un compte (RGPD) : noms remplacés, e-mail effacé, sessions closes"""
    by = require(roles=admin.ANONYMIZE).user_id
    container().execute(admin.AnonymizeUser(user_id, by), current_meta(actor=by))
