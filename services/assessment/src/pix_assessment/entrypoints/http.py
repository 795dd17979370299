"""Assessment's HTTP entrypoint: translates requests into commands and queries, nothing more."""
from __future__ import annotations

from flask import Flask, Response
from flask_smorest import Blueprint
from marshmallow import ValidationError as SchemaError
from marshmallow import fields, validate, validates_schema
from pixkit.settings import Settings
from pixkit.web import access
from pixkit.web.api_docs import authenticated
from pixkit.web.app import api_of, container
from pixkit.web.context import current_meta, request_language
from pixkit.web.schemas import ErrorSchema, Schema
from pixkit.web.service_app import create_service_app
from pixkit.web.text_fields import PlainText

from .. import config
from ..bootstrap import bootstrap
from ..domain.commands import AnswerChallenge, ImproveCompetence, ResetCompetence, StartAssessment
from ..handlers import queries
from . import views
from .errors import ERRORS
from .messages import MESSAGES
from .response_schemas import (
    BINARY,
    RESULT_SCHEMAS,
    AnsweredSchema,
    AssessmentSchema,
    CompetencesSchema,
    CompetenceStatusSchema,
    FrameworkSchema,
)

assessments = Blueprint("assessments", __name__, url_prefix="/api/assessments", description="Tests de positionnement")
framework = Blueprint("framework", __name__, url_prefix="/api/framework", description="Référentiel")

ID = r"[a-z0-9-]{1,80}"


class StartSchema(Schema):
    competence_code = fields.String(required=True, data_key="competenceCode",
                                    validate=validate.Length(min=3, max=3))


class AnswerSchema(Schema):
    challenge_id = fields.String(required=True, data_key="challengeId",
                                 validate=validate.Regexp(f"^{ID}$", error="CHALLENGE_ID_INVALID"))
    # A typed answer keeps ordinary whitespace (tab, CR, LF: comparisons drop or normalize it)
    # but never NUL, other controls or bidi overrides, which hide what was really answered.
    answer = fields.Raw(load_default=None, allow_none=True, validate=PlainText(multiline=True))
    skipped = fields.Boolean(load_default=False)
    # A certification's focus challenge (its `focus` is true) answered after the page lost the
    # focus: a right answer then counts as focusedOut (wrong). Ignored anywhere else.
    focused_out = fields.Boolean(load_default=False, data_key="focusedOut")

    @validates_schema
    def one_of(self, data, **_):
        if data["skipped"] == (data["answer"] is not None):
            raise SchemaError("ANSWER_OR_SKIP", field_name="answer")


def _engine():
    return container().engine


def _view(progress) -> dict:
    return views.assessment_view(progress, _engine().bank, request_language(), _engine().max_level)


def _caller() -> str:
    return access.caller().user_id


@assessments.route("", methods=["POST"])
@authenticated
@assessments.arguments(StartSchema)
@assessments.response(201, AssessmentSchema)
@assessments.alt_response(200, schema=AssessmentSchema, success=True,
                          description="un test déjà en cours sur cette compétence, repris")
@assessments.alt_response(404, schema=ErrorSchema, description="COMPETENCE_NOT_FOUND")
@assessments.alt_response(409, schema=ErrorSchema, description="ALREADY_EVALUATED, NOTHING_TO_ASK, CONCURRENT_UPDATE")
def start(payload: dict):
    """Commencer (ou reprendre) le test d'une compétence"""
    user_id = _caller()
    progress = container().execute(StartAssessment(user_id, payload["competence_code"]), current_meta(user_id))
    return _view(progress), 201 if progress.created else 200


@assessments.route("/competences", methods=["GET"])
@authenticated
@assessments.response(200, CompetencesSchema)
def my_competences():
    """Mes 16 compétences : niveau, pix, test en cours, retenter, remettre à zéro"""
    user_id = _caller()
    statuses = container().execute(queries.ReadCompetences(user_id), current_meta(user_id))
    return views.competences_view(statuses, _engine().bank, request_language(), _engine().max_level)


@assessments.route("/competences/<code>/improvement", methods=["POST"])
@authenticated
@assessments.response(201, AssessmentSchema)
@assessments.alt_response(200, schema=AssessmentSchema, success=True,
                          description="un test déjà en cours sur cette compétence, repris")
@assessments.alt_response(404, schema=ErrorSchema, description="COMPETENCE_NOT_FOUND")
@assessments.alt_response(409, schema=ErrorSchema,
                          description="IMPROVE_TOO_EARLY (details.availableAt), NOTHING_TO_IMPROVE, "
                          "MAX_LEVEL_REACHED, NOT_EVALUATED_YET, NOTHING_TO_ASK, CONCURRENT_UPDATE")
def improve(code: str):
    """Retenter une compétence"""
    user_id = _caller()
    progress = container().execute(ImproveCompetence(user_id, code), current_meta(user_id))
    return _view(progress), 201 if progress.created else 200


@assessments.route("/competences/<code>/reset", methods=["POST"])
@authenticated
@assessments.response(200, CompetenceStatusSchema)
@assessments.alt_response(404, schema=ErrorSchema, description="COMPETENCE_NOT_FOUND")
@assessments.alt_response(409, schema=ErrorSchema, description="RESET_TOO_EARLY, CONCURRENT_UPDATE")
def reset(code: str):
    """Remettre une compétence à zéro (7 jours après la dernière réponse)"""
    user_id = _caller()
    container().execute(ResetCompetence(user_id, code), current_meta(user_id))
    statuses = container().execute(queries.ReadCompetences(user_id), current_meta(user_id))
    view = views.competences_view(statuses, _engine().bank, request_language(), _engine().max_level)
    return next(c for c in view["competences"] if c["code"] == code)


@assessments.route("/<assessment_id>", methods=["GET"])
@authenticated
@assessments.response(200, AssessmentSchema)
@assessments.alt_response(404, schema=ErrorSchema, description="ASSESSMENT_NOT_FOUND")
@assessments.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: le test d'une autre personne "
                          "(le test d'une campagne d'une autre personne : 404)")
def read(assessment_id: str):
    """Où en est le test (positionnement, campagne, certification) : la question en cours (jamais sa solution),
    le résultat (jamais pour une certification)"""
    user_id = _caller()
    return _view(container().execute(queries.ReadAssessment(user_id, assessment_id), current_meta(user_id)))


@assessments.route("/<assessment_id>/answers", methods=["POST"])
@authenticated
@assessments.arguments(AnswerSchema)
@assessments.response(201, AnsweredSchema)
@assessments.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: le test d'une autre personne")
@assessments.alt_response(404, schema=ErrorSchema, description="ASSESSMENT_NOT_FOUND, CHALLENGE_NOT_FOUND")
@assessments.alt_response(409, schema=ErrorSchema,
                          description="NOT_CURRENT_CHALLENGE, ASSESSMENT_COMPLETED, CONCURRENT_UPDATE")
@assessments.alt_response(422, schema=ErrorSchema, description="MALFORMED_ANSWER")
def answer(payload: dict, assessment_id: str):
    """Répondre à la question en cours (« Je valide ») ou la passer (« Je passe »)"""
    user_id = _caller()
    command = AnswerChallenge(user_id, assessment_id, payload["challenge_id"], payload["answer"], payload["skipped"],
                              payload["focused_out"])
    progress = container().execute(command, current_meta(user_id))
    return views.answered_view(progress, _engine().bank, request_language(), _engine().max_level)


def attachment_formats(view):
    """The file, documented once per content type it can have (queries.MIME_TYPES)."""
    for mime_type in sorted(queries.MIME_TYPES.values()):
        view = assessments.alt_response(200, schema=BINARY, content_type=mime_type, success=True,
                                        description="le fichier, en pièce jointe")(view)
    return view


@framework.route("", methods=["GET"])
@framework.response(200, FrameworkSchema)
def read_framework():
    """Le référentiel : 5 domaines, 16 compétences, leurs sujets et niveaux"""
    return views.framework_view(container().execute(queries.ReadFramework()), request_language())


@assessments.route("/<assessment_id>/challenges/<challenge_id>/attachments/<fmt>", methods=["GET"])
@authenticated
@attachment_formats
@assessments.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: le test d'une autre personne")
@assessments.alt_response(404, schema=ErrorSchema, description="ASSESSMENT_NOT_FOUND, "
                          "CHALLENGE_NOT_FOUND: pas une question de ce test, ou pas dans ce format")
def attachment(assessment_id: str, challenge_id: str, fmt: str):
    """Le fichier d'une question de mon test, au format choisi (.xlsx/.ods ou .docx/.odt)"""
    user_id = _caller()
    file = container().execute(queries.ReadAttachment(user_id, assessment_id, challenge_id, fmt), current_meta(user_id))
    return Response(file.content, mimetype=file.mime_type,
                    headers={"Content-Disposition": f'attachment; filename="{file.name}"',
                             "Cache-Control": "private, max-age=3600"})


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None,
               verifier=None) -> Flask:
    app = create_service_app(settings or config.load_settings(), config.SERVICE, bootstrap,
                             blueprints=[assessments, framework], errors=ERRORS, messages=MESSAGES,
                             service_container=service_container, ready_checks=ready_checks,
                             verifier=(lambda: verifier) if verifier else None)
    for name, schema in RESULT_SCHEMAS.items():  # what AssessmentSchema.result's oneOf points to
        api_of(app).spec.components.schema(name, schema=schema)
    return app
