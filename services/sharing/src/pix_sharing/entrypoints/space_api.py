"""The organization space's HTTP API: the shared-profiles table, snapshots, figures, exports.

Every route is for the organization's members (any role) and the platform's admins. Sharing
checks it itself on every request (docs/architecture.md §6); anyone else, for an organization
that exists or not, gets the one 404 ORGANIZATION_NOT_FOUND, so that no answer, count or
file tells one organization from another.
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.errors import Forbidden
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta
from pixkit.web.membership import require_member
from pixkit.web.schemas import ErrorSchema, Schema

from ..adapters import xlsx
from ..adapters.tables import ORG_ROWS
from ..domain.organizations import OrganizationNotFound
from ..handlers.space_queries import (
    CSV_MIME_TYPE,
    ExportProfiles,
    ReadProfiles,
    ReadSharedProfile,
    ReadStatistics,
)

SCOPE = "organization"
PLATFORM_ADMIN = ("SUPER_ADMIN",)
PAGE_SIZE, PAGE_SIZE_MAX, NAME_MAX = 50, 100, 200
BINARY = {"type": "string", "format": "binary"}

space = Blueprint("space", __name__, url_prefix="/api/organizations", description="Espace des organisations")


def _member(organization_id: str) -> str:
    """The caller's user id, when they are a member or a platform admin; else the 404 of an
    unknown organization."""
    try:
        claims, _role = require_member(SCOPE, organization_id, platform_roles=PLATFORM_ADMIN)
    except Forbidden:
        raise OrganizationNotFound() from None
    return claims.user_id


class SpaceProfilesQuerySchema(Schema):
    sort = fields.String(load_default="lastName",
                         validate=validate.OneOf(sorted(ORG_ROWS.sorts), error="PROFILES_SORT_UNKNOWN"))
    order = fields.String(load_default="asc", validate=validate.OneOf(("asc", "desc"), error="PROFILES_ORDER_UNKNOWN"))
    name = fields.String(load_default=None, validate=validate.Length(max=NAME_MAX, error="PROFILES_NAME_TOO_LONG"))
    campaign = fields.String(load_default=None, validate=validate.Length(max=64, error="PROFILES_CAMPAIGN_INVALID"))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, error="PAGE_INVALID"))
    size = fields.Integer(load_default=PAGE_SIZE, validate=validate.Range(min=1, max=PAGE_SIZE_MAX,
                                                                          error="PAGE_SIZE_INVALID"))


class SpaceExportQuerySchema(Schema):
    detailed = fields.Boolean(load_default=False, metadata={"description": "1: a level and a pix column "
                                                                           "per competence"})


def _str(**kw) -> fields.String:
    return fields.String(required=True, **kw)


def _int(**kw) -> fields.Integer:
    return fields.Integer(required=True, **kw)


class SpaceProfileRowSchema(Schema):
    user_id = _str(data_key="userId")
    last_name = _str(data_key="lastName")
    first_name = _str(data_key="firstName")
    shared_at = _str(data_key="sharedAt")
    total_pix = _int(data_key="totalPix")
    profile_percent = _int(data_key="profilePercent")
    student_number = fields.String(required=True, allow_none=True, data_key="studentNumber",
                                   metadata={"description": "null unless the organization is SUP"})
    campaign_ids = fields.List(fields.String(), required=True, data_key="campaignIds")


class SpaceProfilesPageSchema(Schema):
    rows = fields.List(fields.Nested(SpaceProfileRowSchema), required=True)
    total = _int()
    page = _int()
    pages = _int()
    size = _int()


class SpaceCompetenceSchema(Schema):
    code = _str()
    level = _int()
    pix = _int()


class SpaceSendingSchema(Schema):
    share_id = _str(data_key="shareId")
    shared_at = _str(data_key="sharedAt")
    total_pix = _int(data_key="totalPix")


class SpaceSharedProfileSchema(Schema):
    user_id = _str(data_key="userId")
    last_name = _str(data_key="lastName")
    first_name = _str(data_key="firstName")
    student_number = fields.String(required=True, allow_none=True, data_key="studentNumber")
    shared_at = _str(data_key="sharedAt")
    total_pix = _int(data_key="totalPix")
    profile_percent = _int(data_key="profilePercent")
    certifiable_competences = _int(data_key="certifiableCompetences")
    competences = fields.List(fields.Nested(SpaceCompetenceSchema), required=True)
    history = fields.List(fields.Nested(SpaceSendingSchema), required=True,
                          metadata={"description": "every sending to this organization, newest first"})


class SpaceCompetenceFiguresSchema(Schema):
    code = _str()
    average_level = fields.Float(required=True, data_key="averageLevel")
    average_pix = fields.Float(required=True, data_key="averagePix")
    levels = fields.List(fields.Integer(), required=True, metadata={"description": "people at level 0..8"})


class SpaceMonthFiguresSchema(Schema):
    month = _str(metadata={"description": "YYYY-MM"})
    shares = _int()
    average_pix = fields.Float(required=True, data_key="averagePix")


class SpaceStatisticsSchema(Schema):
    count = _int()
    average_pix = fields.Float(required=True, data_key="averagePix")
    average_percent = fields.Float(required=True, data_key="averagePercent")
    competences = fields.List(fields.Nested(SpaceCompetenceFiguresSchema), required=True)
    months = fields.List(fields.Nested(SpaceMonthFiguresSchema), required=True,
                         metadata={"description": "per month of each person's latest sending"})


NOT_FOUND = "ORGANIZATION_NOT_FOUND: inconnue, ou pas l'une des vôtres"


@space.route("/<organization_id>/profiles", methods=["GET"])
@authenticated
@space.arguments(SpaceProfilesQuerySchema, location="query")
@space.response(200, SpaceProfilesPageSchema)
@space.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
def profiles(query: dict, organization_id: str):
    """Les profils partagés avec l'organisation : triés, filtrés, par page"""
    user_id = _member(organization_id)
    return container().execute(ReadProfiles(organization_id, **query), current_meta(user_id))


@space.route("/<organization_id>/profiles/<user_id>", methods=["GET"])
@authenticated
@space.response(200, SpaceSharedProfileSchema)
@space.alt_response(404, schema=ErrorSchema, description=f"{NOT_FOUND}; SHARED_PROFILE_NOT_FOUND")
def shared_profile(organization_id: str, user_id: str):
    """Le dernier profil qu'une personne a partagé avec l'organisation, et ses envois"""
    caller = _member(organization_id)
    return container().execute(ReadSharedProfile(organization_id, user_id), current_meta(caller))


@space.route("/<organization_id>/statistics", methods=["GET"])
@authenticated
@space.response(200, SpaceStatisticsSchema)
@space.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
def statistics(organization_id: str):
    """Les chiffres de l'observatoire : niveaux par compétence, moyennes, envois par mois"""
    user_id = _member(organization_id)
    return container().execute(ReadStatistics(organization_id), current_meta(user_id))


def content_disposition(filename: str) -> str:
    """An attachment header every browser reads: an ASCII fallback, then the exact name in
    UTF-8 (RFC 6266, RFC 5987)."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _export(organization_id: str, fmt: str, detailed: bool) -> Response:
    user_id = _member(organization_id)
    export = container().execute(ExportProfiles(organization_id, fmt, detailed), current_meta(user_id))
    return Response(export.body, mimetype=export.mime_type,
                    headers={"Content-Disposition": content_disposition(export.filename),
                             "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@space.route("/<organization_id>/profiles.csv", methods=["GET"])
@authenticated
@space.arguments(SpaceExportQuerySchema, location="query")
@space.alt_response(200, schema=BINARY, content_type=CSV_MIME_TYPE, success=True,
                    description="UTF-8 avec BOM, « ; », CRLF ; envoyé au fil de l'eau")
@space.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
def profiles_csv(query: dict, organization_id: str):
    """Les profils partagés, en CSV (Excel et LibreOffice en français)"""
    return _export(organization_id, "csv", query["detailed"])


@space.route("/<organization_id>/profiles.xlsx", methods=["GET"])
@authenticated
@space.arguments(SpaceExportQuerySchema, location="query")
@space.alt_response(200, schema=BINARY, content_type=xlsx.MIME_TYPE, success=True, description="un classeur .xlsx")
@space.alt_response(404, schema=ErrorSchema, description=NOT_FOUND)
def profiles_xlsx(query: dict, organization_id: str):
    """Les profils partagés, en classeur .xlsx"""
    return _export(organization_id, "xlsx", query["detailed"])


BLUEPRINTS: list = [space]
