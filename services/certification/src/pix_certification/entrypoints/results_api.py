"""Finalization (the center's members), publication (platform admins, CERTIF), and the
certificates: the holder's list, view and PDF, and the public verification by code (no
account: the gateway lets /api/certification/verification through). Before publication there
is nothing to see: certificates exist only once a session is published."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.web.access import caller, require
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta, request_language
from pixkit.web.schemas import ErrorSchema, Schema

from ..domain import session_commands as cmd
from ..domain.certificates import CertificateView
from ..domain.incidents import CATEGORIES
from .sessions_api import session_member

PLATFORM_ROLES = ("CERTIF",)

results = Blueprint("results", __name__, url_prefix="/api/certification",
                    description="Finalisation, publication, certificats et vérification")


class FinalIncidentSchema(Schema):
    candidate_id = fields.String(required=True, data_key="candidateId", validate=validate.Length(min=1, max=64))
    category = fields.String(required=True,
                             validate=validate.OneOf(sorted(CATEGORIES), error="UNKNOWN_INCIDENT_CATEGORY"))
    challenge_id = fields.String(load_default=None, allow_none=True, data_key="challengeId",
                                 validate=validate.Length(max=64))


class FinalizationSchema(Schema):
    examiner_comment = fields.String(load_default="", data_key="examinerComment",
                                     validate=validate.Length(max=2000, error="SESSION_FIELD_TOO_LONG"))
    absent_candidate_ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list,
                                       data_key="absentCandidateIds", validate=validate.Length(max=1000))
    incidents = fields.List(fields.Nested(FinalIncidentSchema), load_default=list, validate=validate.Length(max=1000))


class AwaitingSessionSchema(Schema):
    id = fields.String(required=True)
    center_id = fields.String(data_key="centerId")
    center_name = fields.String(data_key="centerName")
    date = fields.String()
    time = fields.String()
    room = fields.String()
    address = fields.String()
    candidates = fields.Integer()


class AwaitingSessionsSchema(Schema):
    sessions = fields.List(fields.Nested(AwaitingSessionSchema), required=True)


class CertificateSummarySchema(Schema):
    id = fields.String(required=True)
    verification_code = fields.String(data_key="verificationCode")
    pix = fields.Integer()
    certified_on = fields.String(data_key="certifiedOn")
    center_name = fields.String(data_key="centerName")


class CertificateListSchema(Schema):
    certificates = fields.List(fields.Nested(CertificateSummarySchema), required=True)


class HolderSchema(Schema):
    first_name = fields.String(data_key="firstName")
    last_name = fields.String(data_key="lastName")


class CertifiedCompetenceSchema(Schema):
    code = fields.String()
    title = fields.String()
    area_title = fields.String(data_key="areaTitle")
    level = fields.Integer(metadata={"description": "0: not certified"})


class CertificateSchema(Schema):
    verification_code = fields.String(data_key="verificationCode")
    certified_pix = fields.Integer(data_key="certifiedPix")
    certified_on = fields.String(data_key="certifiedOn")
    center_name = fields.String(data_key="centerName")
    holder = fields.Nested(HolderSchema, allow_none=True, metadata={"description": "null once anonymized"})
    competences = fields.List(fields.Nested(CertifiedCompetenceSchema))


def certificate_json(view: CertificateView) -> dict:
    return {"verification_code": view.verification_code, "certified_pix": view.certified_pix,
            "certified_on": view.certified_on.isoformat(), "center_name": view.center_name,
            "holder": {"first_name": view.holder.first_name, "last_name": view.holder.last_name}
            if view.holder else None,
            "competences": [{"code": c.code, "title": c.title, "area_title": c.area_title, "level": c.level}
                            for c in view.competences]}


@results.route("/sessions/<session_id>/finalization", methods=["POST"])
@authenticated
@results.arguments(FinalizationSchema)
@results.response(204)
@results.alt_response(409, schema=ErrorSchema, description="CANDIDATES_UNACCOUNTED, SESSION_NOT_EDITABLE")
def finalize(payload: dict, session_id: str):
    """Finaliser la session : absents, incidents, commentaire du surveillant"""
    by = session_member(session_id).user_id
    incidents = tuple((i["candidate_id"], i["category"], i["challenge_id"]) for i in payload["incidents"])
    container().execute(cmd.FinalizeSession(session_id, by, payload["examiner_comment"],
                                            tuple(payload["absent_candidate_ids"]), incidents),
                        current_meta(actor=by))


@results.route("/admin/sessions", methods=["GET"])
@authenticated
@results.response(200, AwaitingSessionsSchema)
@results.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: CERTIF seulement")
def awaiting():
    """Les sessions finalisées et traitées, à publier (CERTIF)"""
    require(roles=PLATFORM_ROLES)
    return {"sessions": container().execute(cmd.ReadSessionsAwaitingPublication())}


@results.route("/admin/sessions/<session_id>/publication", methods=["POST"])
@authenticated
@results.response(204)
@results.alt_response(409, schema=ErrorSchema, description="SESSION_STATUS_INVALID: pas encore traitée")
@results.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: CERTIF seulement")
def publish(session_id: str):
    """Publier les résultats d'une session : les candidats voient alors leur certificat (CERTIF)"""
    by = require(roles=PLATFORM_ROLES).user_id
    container().execute(cmd.PublishSession(session_id, by), current_meta(actor=by))


@results.route("/me/certificates", methods=["GET"])
@authenticated
@results.response(200, CertificateListSchema)
def my_certificates():
    """Mes certificats publiés, les plus récents d'abord"""
    return {"certificates": container().execute(cmd.ReadMyCertificates(caller().user_id))}


@results.route("/certificates/<certificate_id>", methods=["GET"])
@authenticated
@results.response(200, CertificateSchema)
@results.alt_response(404, schema=ErrorSchema, description="CERTIFICATE_NOT_FOUND")
def read_certificate(certificate_id: str):
    """Un de mes certificats"""
    view = container().execute(cmd.ReadCertificate(certificate_id=certificate_id, user_id=caller().user_id,
                                                   lang=request_language()))
    return certificate_json(view)


@results.route("/certificates/<certificate_id>/pdf", methods=["GET"])
@authenticated
@results.alt_response(200, schema={"type": "string", "format": "binary"}, content_type="application/pdf",
                      success=True, description="le certificat en PDF, avec son code et un QR code de vérification")
@results.alt_response(404, schema=ErrorSchema, description="CERTIFICATE_NOT_FOUND")
def certificate_pdf(certificate_id: str):
    """Télécharger mon certificat (PDF)"""
    name, pdf = container().execute(cmd.RenderCertificate(certificate_id, caller().user_id, request_language()))
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@results.route("/verification/<code>", methods=["GET"])
@results.response(200, CertificateSchema)
@results.alt_response(404, schema=ErrorSchema, description="CERTIFICATE_NOT_FOUND")
def verify(code: str):
    """Vérifier un certificat par son code (public, sans compte)"""
    return certificate_json(container().execute(cmd.ReadCertificate(code=code, lang=request_language())))
