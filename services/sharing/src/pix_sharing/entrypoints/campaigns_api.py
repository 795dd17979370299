"""The campaigns feature's HTTP API: an organization's campaigns, their participants and
results, and a person's participations.

Membership is checked here, from sharing's own `memberships` read model, for the campaign's
own organization: a member of another organization gets the same 404 as for an unknown id
(CAMPAIGN_NOT_FOUND, or ORGANIZATION_NOT_FOUND under /api/organizations/<id>). A
participation answers only to its participant (PARTICIPATION_NOT_FOUND for anyone else).
"""
from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.errors import Forbidden
from pixkit.web.access import caller
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta
from pixkit.web.membership import require_member
from pixkit.web.schemas import ErrorSchema, Schema
from pixkit.web.text_fields import PlainText

from ..adapters import campaign_exports
from ..adapters.campaign_tables import CAMPAIGN_ROWS
from ..domain import campaigns as rules
from ..domain.organizations import OrganizationNotFound
from ..handlers import campaigns_queries as queries
from .shares_api import SharedProfileSchema
from .space_api import content_disposition

SCOPE, PLATFORM_ADMIN = "organization", ("SUPER_ADMIN",)
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

organization_campaigns = Blueprint("organization_campaigns", __name__, url_prefix="/api/organizations",
                                   description="Campagnes d'une organisation")
campaigns = Blueprint("campaigns", __name__, url_prefix="/api/campaigns",
                      description="Campagnes : participants, résultats, participations")


def _member(organization_id: str, not_found: Exception) -> str | None:
    """The caller's role in the organization (None for a platform admin who is not a member)."""
    try:
        return require_member(SCOPE, organization_id, platform_roles=PLATFORM_ADMIN)[1]
    except Forbidden:
        raise not_found from None


def _campaign(campaign_id: str) -> dict:
    """The campaign, for a member of its organization (or a platform admin)."""
    caller()  # anonymous callers get 401 before anything is looked up
    if not _ID.fullmatch(campaign_id):
        raise rules.CampaignNotFound()
    campaign = container().execute(queries.ReadCampaign(campaign_id))
    _member(campaign["organization_id"], rules.CampaignNotFound())
    return campaign


def _participant() -> str:
    return caller().user_id


def _participation_id(participation_id: str) -> str:
    if not _ID.fullmatch(participation_id):
        raise rules.ParticipationNotFound()
    return participation_id


class NewCampaignSchema(Schema):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200, error="CAMPAIGN_TITLE_LENGTH"),
                                                   PlainText()])
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS, error="CAMPAIGN_KIND_UNKNOWN"))
    target_competences = fields.List(fields.String(validate=validate.Length(max=8)), data_key="targetCompetences",
                                     load_default=list, validate=validate.Length(max=32))
    target_tubes = fields.List(fields.String(validate=validate.Regexp(rules.TUBE, error="CAMPAIGN_TUBE_INVALID")),
                               data_key="targetTubes", load_default=list, validate=validate.Length(max=200))
    multiple_sendings = fields.Boolean(data_key="multipleSendings", load_default=False)


class CreatedCampaignSchema(Schema):
    id = fields.String(required=True, attribute="campaign_id")
    code = fields.String(required=True)


class ListedCampaignSchema(Schema):
    id = fields.String(required=True, attribute="campaign_id")
    title = fields.String(required=True)
    kind = fields.String(required=True)
    code = fields.String(required=True)
    created_at = fields.String(required=True, data_key="createdAt")
    participants = fields.Integer(required=True)
    shared = fields.Integer(required=True)


class CampaignListSchema(Schema):
    campaigns = fields.List(fields.Nested(ListedCampaignSchema), required=True)


class CampaignSchema(ListedCampaignSchema):
    organization_id = fields.String(required=True, data_key="organizationId")
    target_competences = fields.List(fields.String(), required=True, data_key="targetCompetences")
    target_tubes = fields.List(fields.String(), required=True, data_key="targetTubes")
    multiple_sendings = fields.Boolean(required=True, data_key="multipleSendings")


class ParticipantsQuerySchema(Schema):
    sort = fields.String(load_default="lastName", validate=validate.OneOf(sorted(CAMPAIGN_ROWS.sorts)))
    order = fields.String(load_default="asc", validate=validate.OneOf(("asc", "desc")))
    name = fields.String(load_default=None, validate=[validate.Length(max=100), PlainText()])
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class CompetenceMasterySchema(Schema):
    code = fields.String(required=True)
    validated = fields.Integer(required=True)
    total = fields.Integer(required=True)
    mastery_rate = fields.Integer(required=True, data_key="masteryRate")


class ParticipantSchema(Schema):
    user_id = fields.String(required=True, data_key="userId")
    last_name = fields.String(required=True, data_key="lastName")
    first_name = fields.String(required=True, data_key="firstName")
    student_number = fields.String(required=True, data_key="studentNumber")
    started_at = fields.String(required=True, data_key="startedAt")
    status = fields.String(required=True)
    shared_at = fields.String(required=True, allow_none=True, data_key="sharedAt")
    mastery_rate = fields.Integer(required=True, allow_none=True, data_key="masteryRate")
    competences = fields.List(fields.Nested(CompetenceMasterySchema), required=True)
    total_pix = fields.Integer(required=True, allow_none=True, data_key="totalPix",
                               metadata={"description": "a profile collection's sent snapshot"})
    certifiable_competences = fields.Integer(required=True, allow_none=True, data_key="certifiableCompetences")


class ParticipantsPageSchema(Schema):
    rows = fields.List(fields.Nested(ParticipantSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    size = fields.Integer(required=True)


class CampaignOrganizationSchema(Schema):
    id = fields.String(required=True)
    display_name = fields.String(required=True, data_key="displayName")
    type = fields.String(required=True)


class CampaignByCodeSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    organization = fields.Nested(CampaignOrganizationSchema, required=True)
    student_number_required = fields.Boolean(required=True, data_key="studentNumberRequired")


class JoinSchema(Schema):
    campaign_code = fields.String(data_key="campaignCode", load_default="", validate=validate.Length(max=64))
    student_number = fields.String(data_key="studentNumber", load_default=None, allow_none=True,
                                   validate=[validate.Length(max=64, error="STUDENT_NUMBER_LENGTH"), PlainText()])


class JoinedSchema(Schema):
    participation_id = fields.String(required=True, data_key="participationId")
    campaign_id = fields.String(required=True, data_key="campaignId")
    kind = fields.String(required=True)


class ResultSchema(Schema):
    mastery_rate = fields.Integer(required=True, data_key="masteryRate")
    validated_skills = fields.Integer(required=True, data_key="validatedSkills")
    target_skills = fields.Integer(required=True, data_key="targetSkills")
    competences = fields.List(fields.Nested(CompetenceMasterySchema), required=True)


class ParticipationSchema(Schema):
    participation_id = fields.String(required=True, data_key="participationId")
    campaign_id = fields.String(required=True, data_key="campaignId")
    title = fields.String(required=True)
    kind = fields.String(required=True)
    organization = fields.Nested(CampaignOrganizationSchema, required=True)
    status = fields.String(required=True, metadata={"description": "STARTED | TO_SHARE | SHARED"})
    attempt = fields.Integer(required=True)
    started_at = fields.String(required=True, data_key="startedAt")
    completed_at = fields.String(required=True, allow_none=True, data_key="completedAt")
    shared_at = fields.String(required=True, allow_none=True, data_key="sharedAt")
    result = fields.Nested(ResultSchema, required=True, allow_none=True,
                           metadata={"description": "an ASSESSMENT's mastery, once its test is over"})
    can_retry = fields.Boolean(required=True, data_key="canRetry")
    retry_at = fields.String(required=True, allow_none=True, data_key="retryAt")
    profile = fields.Nested(SharedProfileSchema, required=True, allow_none=True, metadata={
        "description": "a PROFILES_COLLECTION: what sending would send now (sharing's copy of the profile)"})


class MyParticipationSchema(Schema):
    participation_id = fields.String(required=True, data_key="participationId")
    campaign_id = fields.String(required=True, data_key="campaignId")
    organization_id = fields.String(required=True, data_key="organizationId")
    organization = fields.Nested(CampaignOrganizationSchema, required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, allow_none=True)
    attempt = fields.Integer(required=True, allow_none=True)
    started_at = fields.String(required=True, allow_none=True, data_key="startedAt")
    shared_at = fields.String(required=True, allow_none=True, data_key="sharedAt")


class MyParticipationsSchema(Schema):
    participations = fields.List(fields.Nested(MyParticipationSchema), required=True)


class ParticipationSentSchema(Schema):
    participation_id = fields.String(required=True, data_key="participationId")
    shared_at = fields.String(required=True, data_key="sharedAt")
    share_id = fields.String(required=True, allow_none=True, data_key="shareId")


class RetriedSchema(Schema):
    participation_id = fields.String(required=True, data_key="participationId")


@organization_campaigns.route("/<organization_id>/campaigns", methods=["POST"])
@authenticated
@organization_campaigns.arguments(NewCampaignSchema)
@organization_campaigns.response(201, CreatedCampaignSchema)
@organization_campaigns.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: un administrateur de la "
                                     "plateforme qui n'est pas membre")
@organization_campaigns.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND")
@organization_campaigns.alt_response(422, schema=ErrorSchema, description="EMPTY_TARGET, CAMPAIGN_COMPETENCE_UNKNOWN")
def create(payload: dict, organization_id: str):
    """Créer une campagne (membre de l'organisation)"""
    user_id = caller().user_id
    if _member(organization_id, OrganizationNotFound()) is None:
        raise Forbidden()  # a platform admin reads every organization but creates in none
    command = rules.CreateCampaign(organization_id, user_id, payload["title"], payload["kind"],
                                   tuple(payload["target_competences"]), tuple(payload["target_tubes"]),
                                   payload["multiple_sendings"])
    created = container().execute(command, current_meta(user_id))
    return {"campaign_id": created.campaign_id, "code": created.code}


@organization_campaigns.route("/<organization_id>/campaigns", methods=["GET"])
@authenticated
@organization_campaigns.response(200, CampaignListSchema)
@organization_campaigns.alt_response(404, schema=ErrorSchema, description="ORGANIZATION_NOT_FOUND")
def list_campaigns(organization_id: str):
    """Les campagnes de l'organisation, les plus récentes d'abord"""
    _member(organization_id, OrganizationNotFound())
    return {"campaigns": container().execute(queries.ListCampaigns(organization_id))}


@campaigns.route("/<campaign_id>", methods=["GET"])
@authenticated
@campaigns.response(200, CampaignSchema)
@campaigns.alt_response(404, schema=ErrorSchema, description="CAMPAIGN_NOT_FOUND")
def read(campaign_id: str):
    """Une campagne et ses chiffres (membre de son organisation)"""
    return _campaign(campaign_id)


def _participant_row(row: dict) -> dict:
    return {"user_id": row["key"], "last_name": row["l"], "first_name": row["f"], "student_number": row["s"],
            "started_at": row["st"], "status": row["t"], "shared_at": row["d"] or None, "mastery_rate": row["m"],
            "competences": [dict(c) for c in row["mc"]],
            "total_pix": row["p"], "certifiable_competences": row["n"]}


@campaigns.route("/<campaign_id>/participants", methods=["GET"])
@authenticated
@campaigns.arguments(ParticipantsQuerySchema, location="query")
@campaigns.response(200, ParticipantsPageSchema)
@campaigns.alt_response(404, schema=ErrorSchema, description="CAMPAIGN_NOT_FOUND")
def participants(args: dict, campaign_id: str):
    """Les participants : triables, filtrables par nom, par pages"""
    _campaign(campaign_id)
    page = container().execute(queries.ReadParticipants(campaign_id, args["sort"], args["order"], args["name"],
                                                        args["page"], args["size"]))
    return {"rows": [_participant_row(r) for r in page.rows], "total": page.total, "page": page.page,
            "pages": page.pages, "size": page.size}


@campaigns.route("/<campaign_id>/results.<fmt>", methods=["GET"])
@authenticated
@campaigns.alt_response(200, schema={"type": "string", "format": "binary"}, content_type=campaign_exports.CSV_MIME_TYPE,
                        success=True, description="results.csv : UTF-8 avec BOM, « ; », CRLF ; .xlsx : un classeur")
@campaigns.alt_response(404, schema=ErrorSchema, description="CAMPAIGN_NOT_FOUND")
def results(campaign_id: str, fmt: str):
    """Les résultats de la campagne (.csv ou .xlsx), colonnes de docs/domain.md §7"""
    if fmt not in campaign_exports.FORMATS:
        raise rules.CampaignNotFound()
    user_id = caller().user_id
    _campaign(campaign_id)
    results = container().execute(queries.CampaignResults(campaign_id), current_meta(user_id))
    export = campaign_exports.results_file(results, fmt, datetime.now(UTC).strftime("%Y-%m-%d"))
    return Response(export.body, mimetype=export.mime_type,
                    headers={"Content-Disposition": content_disposition(export.filename),
                             "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@campaigns.route("/by-code/<path:code>", methods=["GET"])
@authenticated
@campaigns.response(200, CampaignByCodeSchema)
@campaigns.alt_response(404, schema=ErrorSchema, description="CAMPAIGN_CODE_UNKNOWN")
@campaigns.alt_response(422, schema=ErrorSchema, description="CAMPAIGN_CODE_EMPTY")
def by_code(code: str):
    """La campagne d'un code (espaces et casse tolérés)"""
    caller()
    campaign, organization, student_number = container().execute(queries.FindCampaignByCode(code))
    return {"id": campaign["campaign_id"], "title": campaign["title"], "kind": campaign["kind"],
            "organization": {"id": organization.id, "display_name": organization.display_name,
                             "type": organization.type},
            "student_number_required": student_number}


@campaigns.route("/participations", methods=["POST"])
@authenticated
@campaigns.arguments(JoinSchema)
@campaigns.response(201, JoinedSchema)
@campaigns.alt_response(200, schema=JoinedSchema, success=True, description="la participation en cours, reprise")
@campaigns.alt_response(404, schema=ErrorSchema, description="CAMPAIGN_CODE_UNKNOWN")
@campaigns.alt_response(409, schema=ErrorSchema, description="ALREADY_PARTICIPATED")
@campaigns.alt_response(422, schema=ErrorSchema, description="CAMPAIGN_CODE_EMPTY, STUDENT_NUMBER_REQUIRED")
def join(payload: dict):
    """Rejoindre une campagne avec son code"""
    user_id = _participant()
    joined = container().execute(rules.JoinCampaign(user_id, payload["campaign_code"], payload["student_number"]),
                                 current_meta(user_id))
    return ({"participation_id": joined.participation_id, "campaign_id": joined.campaign_id, "kind": joined.kind},
            201 if joined.created else 200)


@campaigns.route("/participations", methods=["GET"])
@authenticated
@campaigns.response(200, MyParticipationsSchema)
def mine():
    """Mes participations, les plus récentes d'abord"""
    return {"participations": container().execute(queries.MyParticipations(_participant()))}


@campaigns.route("/participations/<participation_id>", methods=["GET"])
@authenticated
@campaigns.response(200, ParticipationSchema)
@campaigns.alt_response(404, schema=ErrorSchema, description="PARTICIPATION_NOT_FOUND")
def participation(participation_id: str):
    """Ma participation : où j'en suis, mon résultat, si je peux repasser le parcours"""
    user_id = _participant()
    return container().execute(queries.ReadParticipation(user_id, _participation_id(participation_id)))


@campaigns.route("/participations/<participation_id>/share", methods=["POST"])
@authenticated
@campaigns.response(200, ParticipationSentSchema)
@campaigns.alt_response(404, schema=ErrorSchema, description="PARTICIPATION_NOT_FOUND")
@campaigns.alt_response(409, schema=ErrorSchema, description="NOT_COMPLETED, ALREADY_SHARED, CONCURRENT_UPDATE")
def share(participation_id: str):
    """J'envoie mes résultats"""
    user_id = _participant()
    shared = container().execute(rules.ShareParticipation(user_id, _participation_id(participation_id)),
                                 current_meta(user_id))
    return {"participation_id": shared.participation_id, "shared_at": shared.shared_at, "share_id": shared.share_id}


@campaigns.route("/participations/<participation_id>/retry", methods=["POST"])
@authenticated
@campaigns.response(201, RetriedSchema)
@campaigns.alt_response(404, schema=ErrorSchema, description="PARTICIPATION_NOT_FOUND")
@campaigns.alt_response(409, schema=ErrorSchema, description="RETRY_NOT_ALLOWED, RETRY_TOO_EARLY (details.retryAt)")
def retry(participation_id: str):
    """Repasser le parcours (ou envoyer à nouveau son profil)"""
    user_id = _participant()
    joined = container().execute(rules.RetryParticipation(user_id, _participation_id(participation_id)),
                                 current_meta(user_id))
    return {"participation_id": joined.participation_id}


BLUEPRINTS: list = [organization_campaigns, campaigns]
