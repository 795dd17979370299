"""The shares feature's HTTP API: the share flow (what would be sent, "Envoyer") and what a
person has shared. The caller is always the person themself (their access token)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.web import access
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta
from pixkit.web.schemas import ErrorSchema, Schema

from ..domain.shares import ShareProfile
from ..handlers.shares_queries import Preview, PreviewShare, ReadMyShares

STUDENT_NUMBER_MAX = 64

shares = Blueprint("shares", __name__, url_prefix="/api/shares", description="Partage de profil")


class SharePreviewQuerySchema(Schema):
    code = fields.String(load_default="", metadata={"description": "the organization code as typed"})


class ShareRequestSchema(Schema):
    organization_code = fields.String(required=True, data_key="organizationCode")
    student_number = fields.String(load_default=None, allow_none=True, data_key="studentNumber",
                                   validate=validate.Length(max=STUDENT_NUMBER_MAX, error="STUDENT_NUMBER_LENGTH"))
    campaign_code = fields.String(load_default=None, allow_none=True, data_key="campaignCode")


def _str(**kw) -> fields.String:
    return fields.String(required=True, **kw)


def _int(**kw) -> fields.Integer:
    return fields.Integer(required=True, **kw)


class ShareOrganizationSchema(Schema):
    id = _str()
    display_name = _str(data_key="displayName")
    type = _str()


class SharedCompetenceSchema(Schema):
    code = _str()
    level = _int()
    pix = _int()


class SharedProfileSchema(Schema):
    total_pix = _int(data_key="totalPix")
    profile_percent = _int(data_key="profilePercent")
    certifiable_competences = _int(data_key="certifiableCompetences")
    competences = fields.List(fields.Nested(SharedCompetenceSchema), required=True)
    updated_at = fields.String(required=True, allow_none=True, data_key="updatedAt")


class SharePreviewSchema(Schema):
    organization = fields.Nested(ShareOrganizationSchema, required=True)
    student_number_required = fields.Boolean(required=True, data_key="studentNumberRequired")
    profile = fields.Nested(SharedProfileSchema, required=True)


class SharedSchema(Schema):
    share_id = _str(data_key="shareId")
    organization_id = _str(data_key="organizationId")
    shared_at = _str(data_key="sharedAt")


class SentShareSchema(SharedSchema):
    display_name = _str(data_key="displayName")
    campaign_id = fields.String(required=True, allow_none=True, data_key="campaignId")


class SentSharesSchema(Schema):
    shares = fields.List(fields.Nested(SentShareSchema), required=True)


def _preview_view(preview: Preview) -> dict:
    return {"organization": preview.organization, "student_number_required": preview.student_number_required,
            "profile": preview.snapshot}


@shares.route("/preview", methods=["GET"])
@authenticated
@shares.arguments(SharePreviewQuerySchema, location="query")
@shares.response(200, SharePreviewSchema)
@shares.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_CODE_UNKNOWN")
@shares.alt_response(422, schema=ErrorSchema, description="ORGANIZATION_CODE_EMPTY")
def preview(query: dict):
    """Ce qu'« Envoyer » transmettrait maintenant à l'organisation de ce code"""
    user_id = access.caller().user_id
    return _preview_view(container().execute(PreviewShare(user_id, query["code"]), current_meta(user_id)))


@shares.route("", methods=["POST"])
@authenticated
@shares.arguments(ShareRequestSchema)
@shares.response(201, SharedSchema)
@shares.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_CODE_UNKNOWN, CAMPAIGN_CODE_UNKNOWN")
@shares.alt_response(409, schema=ErrorSchema, description="ALREADY_PARTICIPATED, RETRY_NOT_ALLOWED (a campaign that "
                     "takes one sending), CONCURRENT_UPDATE")
@shares.alt_response(422, schema=ErrorSchema, description="ORGANIZATION_CODE_EMPTY, STUDENT_NUMBER_REQUIRED")
def share(payload: dict):
    """Envoyer une copie de mon profil tel qu'il est maintenant"""
    user_id = access.caller().user_id
    command = ShareProfile(user_id, payload["organization_code"], payload["student_number"],
                           payload["campaign_code"])
    return container().execute(command, current_meta(user_id)), 201


@shares.route("", methods=["GET"])
@authenticated
@shares.response(200, SentSharesSchema)
def mine():
    """Ce que j'ai partagé, avec qui et quand (le plus récent d'abord)"""
    user_id = access.caller().user_id
    return {"shares": container().execute(ReadMyShares(user_id), current_meta(user_id))}


BLUEPRINTS: list = [shares]
