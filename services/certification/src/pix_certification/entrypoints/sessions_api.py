"""The sessions feature's HTTP API, for the center's members: sessions, their codes, their
candidate lists (one by one, or imported from a spreadsheet whose templates are here).

Certification checks membership itself on every request (docs/architecture.md §6), from its
own `memberships` read model (scope "center"): someone who is not a member of a session's
center gets the same 404 SESSION_NOT_FOUND as for an unknown id, so that no answer tells one
from the other.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import re

from flask import Response
from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.auth import Claims
from pixkit.errors import Forbidden
from pixkit.web.access import caller
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta
from pixkit.web.membership import require_member
from pixkit.web.schemas import ErrorSchema, Schema
from werkzeug.exceptions import NotFound

from ..adapters import candidate_sheets
from ..domain import candidates as cand
from ..domain import session_commands as cmd
from ..domain import sessions

SCOPE = "center"
# A spreadsheet of candidate_sheets.MAX_FILE_BYTES, base64 (4 bytes per 3) in a JSON body.
IMPORT_BODY_BYTES = candidate_sheets.MAX_FILE_BYTES * 4 // 3 + 64 * 1024
IMPORT_PATH = r"/api/certification/sessions/[^/]+/candidates/import"
DETAIL_MAX, DESCRIPTION_MAX = 255, 2000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

center_sessions = Blueprint("sessions", __name__, url_prefix="/api/certification",
                            description="Sessions de certification et candidats (membres du centre)")


def _center_member(center_id: str) -> Claims:
    claims, _ = require_member(SCOPE, center_id)  # Forbidden for a stranger and an unknown center alike
    return claims


def session_member(session_id: str) -> Claims:
    caller()  # a missing or bad token is told apart first (401), as on every route
    center_id = container().execute(cmd.ReadSessionCenter(session_id))
    if center_id is None:
        raise sessions.SessionNotFound()
    try:
        claims, _ = require_member(SCOPE, center_id)
    except Forbidden:
        raise sessions.SessionNotFound() from None
    return claims


def _text(max_length: int, required: bool = True) -> fields.String:
    presence = {"required": True} if required else {"load_default": ""}
    return fields.String(validate=validate.Length(max=max_length, error="SESSION_FIELD_TOO_LONG"), **presence)


class DetailsSchema(Schema):
    address = _text(DETAIL_MAX)
    room = _text(DETAIL_MAX)
    examiner = _text(DETAIL_MAX)
    date = fields.String(required=True, validate=validate.Regexp(r"^\d{4}-\d{2}-\d{2}$", error="SESSION_DATE_INVALID"))
    time = fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$",
                                                                 error="SESSION_TIME_INVALID"))
    description = _text(DESCRIPTION_MAX, required=False)


class CreatedSessionSchema(Schema):
    id = fields.String(required=True)
    access_code = fields.String(required=True, data_key="accessCode")
    invigilator_password = fields.String(required=True, data_key="invigilatorPassword")


class SessionSummarySchema(Schema):
    id = fields.String(required=True)
    address = fields.String()
    room = fields.String()
    examiner = fields.String()
    date = fields.String()
    time = fields.String()
    status = fields.String()
    candidates = fields.Integer()


class SessionListSchema(Schema):
    sessions = fields.List(fields.Nested(SessionSummarySchema), required=True)


# The candidate's fields, camelCase on the wire; domain/candidates.py checks every rule.
CANDIDATE_KEYS = {field: re.sub(r"_(\w)", lambda m: m.group(1).upper(), field) for field in cand.FIELDS}


CandidateInSchema = Schema.from_dict(
    {field: fields.Raw(data_key=key, allow_none=True, load_default=None) for field, key in CANDIDATE_KEYS.items()},
    name="CandidateIn")


class CandidateExamSchema(Schema):
    id = fields.String(required=True)
    joined = fields.Boolean()
    exam = fields.String(allow_none=True, metadata={"description": "waiting, authorized, started, ended, finished"})
    absent = fields.Boolean()


CandidateOutSchema = CandidateExamSchema.from_dict(
    {field: fields.Raw(data_key=key, allow_none=True) for field, key in CANDIDATE_KEYS.items()}, name="CandidateOut")


class SessionSchema(DetailsSchema):
    id = fields.String(required=True)
    center_id = fields.String(required=True, data_key="centerId")
    status = fields.String(required=True)
    access_code = fields.String(required=True, data_key="accessCode")
    invigilator_password = fields.String(required=True, data_key="invigilatorPassword")
    examiner_comment = fields.String(allow_none=True, data_key="examinerComment")
    candidates = fields.List(fields.Nested(CandidateOutSchema), required=True)


class CreatedSchema(Schema):
    id = fields.String(required=True)


class ImportSchema(Schema):
    file_name = fields.String(required=True, data_key="fileName", validate=validate.Length(min=1, max=255))
    content = fields.String(required=True, metadata={"description": "the file, base64"})


class ImportedSchema(Schema):
    imported = fields.Integer(required=True)


def _candidate_fields(payload: dict) -> dict:
    """An ISO birth date (a date input's value) is a date; any other text goes to the rules."""
    birth = payload.get("birth_date")
    if isinstance(birth, str) and _ISO_DATE.fullmatch(birth.strip()):
        try:
            payload = {**payload, "birth_date": dt.date.fromisoformat(birth.strip())}
        except ValueError:
            pass
    return payload


@center_sessions.route("/centers/<center_id>/sessions", methods=["POST"])
@authenticated
@center_sessions.arguments(DetailsSchema)
@center_sessions.response(201, CreatedSessionSchema)
@center_sessions.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: membres du centre seulement")
@center_sessions.alt_response(503, schema=ErrorSchema, description="ACCESS_CODE_EXHAUSTED")
def create(payload: dict, center_id: str):
    """Créer une session : son code d'accès et le mot de passe du surveillant sont donnés"""
    by = _center_member(center_id).user_id
    return container().execute(cmd.CreateSession(center_id, by, payload), current_meta(actor=by))


@center_sessions.route("/centers/<center_id>/sessions", methods=["GET"])
@authenticated
@center_sessions.response(200, SessionListSchema)
@center_sessions.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: membres du centre seulement")
def listing(center_id: str):
    """Les sessions du centre, les plus proches d'abord"""
    _center_member(center_id)
    return {"sessions": container().execute(cmd.ReadCenterSessions(center_id))}


@center_sessions.route("/sessions/<session_id>", methods=["GET"])
@authenticated
@center_sessions.response(200, SessionSchema)
@center_sessions.alt_response(404, schema=ErrorSchema,
                              description="SESSION_NOT_FOUND: inconnue, ou pas de votre centre")
def read(session_id: str):
    """Une session, ses codes et sa liste de candidats"""
    session_member(session_id)
    return container().execute(cmd.ReadSession(session_id))


@center_sessions.route("/sessions/<session_id>", methods=["PATCH"])
@authenticated
@center_sessions.arguments(DetailsSchema)
@center_sessions.response(204)
@center_sessions.alt_response(409, schema=ErrorSchema, description="SESSION_NOT_EDITABLE")
def update(payload: dict, session_id: str):
    """Modifier les informations d'une session (tant qu'elle n'est pas finalisée)"""
    by = session_member(session_id).user_id
    container().execute(cmd.UpdateSessionDetails(session_id, by, payload), current_meta(actor=by))


@center_sessions.route("/sessions/<session_id>/candidates", methods=["POST"])
@authenticated
@center_sessions.arguments(CandidateInSchema)
@center_sessions.response(201, CreatedSchema)
@center_sessions.alt_response(422, schema=ErrorSchema,
                              description="INVALID_CANDIDATE: details.problems [{field, code}]")
@center_sessions.alt_response(409, schema=ErrorSchema, description="CANDIDATE_ALREADY_LISTED, SESSION_NOT_EDITABLE")
def add_candidate(payload: dict, session_id: str):
    """Inscrire un candidat"""
    by = session_member(session_id).user_id
    return container().execute(cmd.AddCandidate(session_id, by, _candidate_fields(payload)), current_meta(actor=by))


@center_sessions.route("/sessions/<session_id>/candidates/<candidate_id>", methods=["DELETE"])
@authenticated
@center_sessions.response(204)
@center_sessions.alt_response(404, schema=ErrorSchema, description="CANDIDATE_NOT_FOUND")
@center_sessions.alt_response(409, schema=ErrorSchema, description="SESSION_NOT_EDITABLE")
def remove_candidate(session_id: str, candidate_id: str):
    """Retirer un candidat de la liste"""
    by = session_member(session_id).user_id
    container().execute(cmd.RemoveCandidate(session_id, candidate_id, by), current_meta(actor=by))


@center_sessions.route("/sessions/<session_id>/candidates/import", methods=["POST"])
@authenticated
@center_sessions.arguments(ImportSchema)
@center_sessions.response(201, ImportedSchema)
@center_sessions.alt_response(422, schema=ErrorSchema,
                              description="CANDIDATE_IMPORT_REJECTED: details.problems [{line, field, code}]; "
                                          "rien n'est importé")
@center_sessions.alt_response(409, schema=ErrorSchema, description="CANDIDATE_DUPLICATED, SESSION_NOT_EDITABLE")
@center_sessions.alt_response(415, schema=ErrorSchema, description="CANDIDATE_FILE_UNSUPPORTED")
def import_candidates(payload: dict, session_id: str):
    """Importer la liste des candidats (.xlsx, .ods ou .csv, en base64) : tout ou rien"""
    by = session_member(session_id).user_id
    try:
        content = base64.b64decode(payload["content"], validate=True)
    except (binascii.Error, ValueError):
        raise cand.UnreadableCandidateFile() from None
    return container().execute(cmd.ImportCandidates(session_id, by, payload["file_name"], content),
                               current_meta(actor=by))


@center_sessions.route("/candidate-templates/<fmt>", methods=["GET"])
@authenticated
@center_sessions.alt_response(200, schema={"type": "string", "format": "binary"}, success=True,
                              description="le modèle de liste de candidats, .xlsx ou .ods")
@center_sessions.alt_response(404, schema=ErrorSchema, description="NOT_FOUND: ni xlsx ni ods")
def template(fmt: str):
    """Le modèle de liste de candidats à remplir (.xlsx ou .ods)"""
    if fmt not in candidate_sheets.TEMPLATE_FORMATS:
        raise NotFound()
    name = candidate_sheets.template_file_name(fmt)
    return Response(candidate_sheets.template(fmt), mimetype=candidate_sheets.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})
