"""Payloads published by assessment on pix.assessment.events (key: user_id).

One stream per person and competence; the analytics feed of the observatory reads answers
and evaluations from here (no personal data: ids only).
"""

from marshmallow import RAISE, Schema, fields, validate

from ..framework import COMPETENCE_CODES
from ._fields import Integer, Timestamp, Uuid, matching

SKILL_PATTERN = "^@[a-z]{1,40}[1-8]$(?!\\n)"
CHALLENGE_ID_PATTERN = "^[a-z0-9-]{1,80}$(?!\\n)"
ASSESSMENT_KINDS = ("positioning", "improve", "campaign", "certification")
ANSWER_STATUSES = ("ok", "ko", "aband", "timedout", "focusedOut")


def _skill(**kwargs) -> fields.String:
    return fields.String(validate=matching(SKILL_PATTERN, "Not a skill name (@tubeN)."), **kwargs)


def _competence(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(COMPETENCE_CODES), **kwargs)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class AssessmentStartedData(_Strict):
    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competence_code = _competence(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ASSESSMENT_KINDS))
    started_at = Timestamp(required=True)
    bank_version = fields.String(required=True, validate=validate.Length(min=1, max=40))
    retried_skills = fields.List(_skill(), required=True)


class KnowledgeElementData(_Strict):
    skill = _skill(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("validated", "invalidated")))
    source = fields.String(required=True, validate=validate.OneOf(("direct", "inferred")))


class AnswerRecordedData(_Strict):
    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competence_code = _competence(required=True)
    challenge_id = fields.String(required=True, validate=matching(CHALLENGE_ID_PATTERN, "Not a challenge id."))
    skill = _skill(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ANSWER_STATUSES))
    kind = fields.String(required=True, validate=validate.OneOf(ASSESSMENT_KINDS))
    answered_at = Timestamp(required=True)
    knowledge_elements = fields.List(fields.Nested(KnowledgeElementData), required=True)


class CompetenceEvaluatedData(_Strict):
    user_id = Uuid(required=True)
    competence_code = _competence(required=True)
    assessment_id = Uuid(required=True, allow_none=True)
    reason = fields.String(required=True, validate=validate.OneOf(("assessment", "reset")))
    validated_skills = fields.List(_skill(), required=True)
    invalidated_skills = fields.List(_skill(), required=True)
    pix = Integer(required=True, validate=validate.Range(min=0, max=64))
    level = Integer(required=True, validate=validate.Range(min=0, max=8))
    max_level = Integer(required=True, validate=validate.Range(min=1, max=8))
    evaluated_at = Timestamp(required=True)


class AssessmentCompletedData(_Strict):
    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competence_code = _competence(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ASSESSMENT_KINDS))
    answers = Integer(required=True, validate=validate.Range(min=0))
    completed_at = Timestamp(required=True)
