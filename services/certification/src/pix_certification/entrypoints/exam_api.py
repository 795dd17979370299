"""The exam's HTTP API: the candidate's side (signed in: join, wait, start, report a problem)
and the invigilator's (no account: the session's access code and invigilator password give a
token for that one session and day, sent back as `Authorization: Invigilator <token>`; the
gateway lets these routes through without an access token)."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.web.access import caller
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta
from pixkit.web.schemas import ErrorSchema, Schema

from ..domain import session_commands as cmd
from ..domain import sessions
from ..domain.incidents import CATEGORIES

exam = Blueprint("exam", __name__, url_prefix="/api/certification",
                 description="Passer la certification (candidat)")
invigilation = Blueprint("invigilation", __name__, url_prefix="/api/certification/invigilation",
                         description="Espace surveillant (code d'accès et mot de passe de la session)")
SCHEME = "Invigilator "


def _code() -> fields.String:
    return fields.String(required=True, data_key="accessCode",
                         validate=validate.Length(min=1, max=32, error="ACCESS_CODE_UNKNOWN"))


class SessionJoinSchema(Schema):
    access_code = _code()
    last_name = fields.String(required=True, data_key="lastName", validate=validate.Length(min=1, max=100))
    first_name = fields.String(required=True, data_key="firstName", validate=validate.Length(min=1, max=100))
    birth_date = fields.String(required=True, data_key="birthDate",
                               validate=validate.Regexp(r"^\d{4}-\d{2}-\d{2}$", error="BIRTH_DATE_INVALID"))


class SessionJoinedSchema(Schema):
    session_id = fields.String(required=True, data_key="sessionId")
    candidate_id = fields.String(required=True, data_key="candidateId")


class MyExamSchema(Schema):
    session_id = fields.String(required=True, data_key="sessionId")
    candidate_id = fields.String(required=True, data_key="candidateId")
    status = fields.String(required=True)
    exam = fields.String(allow_none=True, metadata={"description": "waiting, authorized, started, ended, finished"})
    course_id = fields.String(allow_none=True, data_key="courseId")
    resume = fields.Boolean()
    extra_time_percentage = fields.Integer(data_key="extraTimePercentage")
    address = fields.String()
    room = fields.String()
    date = fields.String()
    time = fields.String()


class CourseStartedSchema(Schema):
    course_id = fields.String(required=True, data_key="courseId")


class ExamProblemSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(sessions.ALERT_KINDS, error="UNKNOWN_ALERT_KIND"))
    challenge_id = fields.String(load_default=None, allow_none=True, data_key="challengeId",
                                 validate=validate.Length(max=64))


class InvigilationOpenSchema(Schema):
    access_code = _code()
    password = fields.String(required=True, validate=validate.Length(min=1, max=64, error="INVIGILATOR_REFUSED"))


class InvigilationOpenedSchema(Schema):
    session_id = fields.String(required=True, data_key="sessionId")
    token = fields.String(required=True)
    expires_at = fields.String(required=True, data_key="expiresAt")


class ExamAlertSchema(Schema):
    kind = fields.String()
    challenge_id = fields.String(allow_none=True, data_key="challengeId")
    raised_at = fields.String(data_key="raisedAt")


class LiveCandidateSchema(Schema):
    id = fields.String(required=True)
    last_name = fields.String(data_key="lastName")
    first_name = fields.String(data_key="firstName")
    joined = fields.Boolean()
    exam = fields.String(allow_none=True)
    resume = fields.Boolean()
    absent = fields.Boolean()
    extra_time_percentage = fields.Integer(data_key="extraTimePercentage")
    alerts = fields.List(fields.Nested(ExamAlertSchema))


class SessionIncidentSchema(Schema):
    candidate_id = fields.String(data_key="candidateId")
    category = fields.String()
    challenge_id = fields.String(allow_none=True, data_key="challengeId")


class LiveSessionSchema(Schema):
    session_id = fields.String(required=True, data_key="sessionId")
    status = fields.String(required=True)
    address = fields.String()
    room = fields.String()
    examiner = fields.String()
    date = fields.String()
    time = fields.String()
    description = fields.String()
    candidates = fields.List(fields.Nested(LiveCandidateSchema), required=True)
    incidents = fields.List(fields.Nested(SessionIncidentSchema), required=True)


class NewIncidentSchema(Schema):
    candidate_id = fields.String(required=True, data_key="candidateId", validate=validate.Length(min=1, max=64))
    category = fields.String(required=True,
                             validate=validate.OneOf(sorted(CATEGORIES), error="UNKNOWN_INCIDENT_CATEGORY"))
    challenge_id = fields.String(load_default=None, allow_none=True, data_key="challengeId",
                                 validate=validate.Length(max=64))


def _token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[len(SCHEME):].strip() if header.startswith(SCHEME) else None


# ---- the candidate ----------------------------------------------------------------------

@exam.route("/joins", methods=["POST"])
@authenticated
@exam.arguments(SessionJoinSchema)
@exam.response(201, SessionJoinedSchema)
@exam.alt_response(404, schema=ErrorSchema, description="ACCESS_CODE_UNKNOWN, CANDIDATE_NOT_FOUND")
@exam.alt_response(409, schema=ErrorSchema,
                   description="CANDIDATE_ALREADY_LINKED, PERSON_ALREADY_LINKED, SESSION_STATUS_INVALID")
def join(payload: dict):
    """Rejoindre une session : son code d'accès, mes nom, prénom et date de naissance"""
    user_id = caller().user_id
    return container().execute(cmd.JoinSession(user_id, payload["access_code"], payload["last_name"],
                                               payload["first_name"], payload["birth_date"]),
                               current_meta(actor=user_id))


@exam.route("/sessions/<session_id>/my-exam", methods=["GET"])
@authenticated
@exam.response(200, MyExamSchema)
@exam.alt_response(404, schema=ErrorSchema, description="SESSION_NOT_FOUND: inconnue, ou pas rejointe")
def my_exam(session_id: str):
    """Où j'en suis dans une session rejointe (en attente, autorisé, commencé, terminé)"""
    return container().execute(cmd.ReadMyExam(caller().user_id, session_id))


@exam.route("/sessions/<session_id>/my-exam/start", methods=["POST"])
@authenticated
@exam.response(201, CourseStartedSchema)
@exam.alt_response(403, schema=ErrorSchema, description="CANDIDATE_NOT_AUTHORIZED: le surveillant n'a pas autorisé")
@exam.alt_response(409, schema=ErrorSchema, description="NOT_ELIGIBLE, CANDIDATE_STATE_INVALID")
def start(session_id: str):
    """Commencer (ou reprendre) le test, une fois autorisé par le surveillant"""
    user_id = caller().user_id
    return container().execute(cmd.StartCourse(user_id, session_id), current_meta(actor=user_id))


@exam.route("/sessions/<session_id>/my-exam/problems", methods=["POST"])
@authenticated
@exam.arguments(ExamProblemSchema)
@exam.response(204)
@exam.alt_response(409, schema=ErrorSchema, description="CANDIDATE_STATE_INVALID: le test n'est pas en cours")
def report(payload: dict, session_id: str):
    """Signaler un problème sur une épreuve, ou que la page a été quittée (épreuve focus)"""
    user_id = caller().user_id
    container().execute(cmd.ReportProblem(user_id, session_id, payload["kind"], payload["challenge_id"]),
                        current_meta(actor=user_id))


# ---- the invigilator --------------------------------------------------------------------

@invigilation.route("", methods=["POST"])
@invigilation.arguments(InvigilationOpenSchema)
@invigilation.response(201, InvigilationOpenedSchema)
@invigilation.alt_response(401, schema=ErrorSchema, description="INVIGILATOR_REFUSED")
def open_invigilation(payload: dict):
    """Ouvrir l'espace surveillant d'une session (code d'accès et mot de passe surveillant)"""
    return container().execute(cmd.OpenInvigilation(payload["access_code"], payload["password"]))


@invigilation.route("/<session_id>", methods=["GET"])
@invigilation.response(200, LiveSessionSchema)
@invigilation.alt_response(401, schema=ErrorSchema, description="INVIGILATOR_REFUSED")
def live(session_id: str):
    """La liste des candidats et leur état, à relire toutes les quelques secondes"""
    return container().execute(cmd.ReadLiveSession(session_id, _token()))


@invigilation.route("/<session_id>/candidates/<candidate_id>/authorization", methods=["POST"])
@invigilation.response(204)
@invigilation.alt_response(409, schema=ErrorSchema, description="CANDIDATE_STATE_INVALID")
@invigilation.alt_response(401, schema=ErrorSchema, description="INVIGILATOR_REFUSED")
def authorize(session_id: str, candidate_id: str):
    """Autoriser un candidat à commencer, ou à reprendre"""
    container().execute(cmd.Invigilate(session_id, _token(), candidate_id, "authorize"), current_meta())


@invigilation.route("/<session_id>/candidates/<candidate_id>/end", methods=["POST"])
@invigilation.response(204)
@invigilation.alt_response(401, schema=ErrorSchema, description="INVIGILATOR_REFUSED")
@invigilation.alt_response(409, schema=ErrorSchema, description="CANDIDATE_STATE_INVALID")
def end(session_id: str, candidate_id: str):
    """Mettre fin au test d'un candidat"""
    container().execute(cmd.Invigilate(session_id, _token(), candidate_id, "end"), current_meta())


@invigilation.route("/<session_id>/incidents", methods=["POST"])
@invigilation.arguments(NewIncidentSchema)
@invigilation.response(204)
@invigilation.alt_response(401, schema=ErrorSchema, description="INVIGILATOR_REFUSED")
@invigilation.alt_response(409, schema=ErrorSchema, description="SESSION_NOT_EDITABLE: la session est finalisée")
def incident(payload: dict, session_id: str):
    """Consigner un incident (catégorie, et l'épreuve pour un incident d'épreuve)"""
    container().execute(cmd.RecordIncident(session_id, _token(), payload["candidate_id"], payload["category"],
                                           payload["challenge_id"]), current_meta())
