"""Payloads published by assessment on pix.assessment.events (key: user_id).

One stream per person and competence; the analytics feed of the observatory reads answers
and evaluations from here (no personal data: ids only).
"""

from marshmallow import RAISE, Schema, fields, validate

from ..framework import PIX_PER_LEVEL
from ._fields import CompetenceCode, Integer, Timestamp, Uuid, matching

SKILL_PATTERN = "^@[a-z]{1,40}[1-8]$(?!\\n)"
CHALLENGE_ID_PATTERN = "^[a-z0-9-]{1,80}$(?!\\n)"
ASSESSMENT_KINDS = ("positioning", "improve", "campaign", "certification")
ANSWER_STATUSES = ("ok", "ko", "aband", "timedout", "focusedOut")


class Skill(fields.String):
    JSON_DEF = "skill"
    JSON_SCHEMA = {"pattern": SKILL_PATTERN,
                   "description": "Skill name: @, the tube, the difficulty 1 to 8 (e.g. @tableur4)."}

    def __init__(self, **kwargs):
        super().__init__(validate=matching(SKILL_PATTERN, "Not a skill name (@tubeN)."), **kwargs)


def _kind() -> fields.String:
    return fields.String(required=True, validate=validate.OneOf(ASSESSMENT_KINDS),
                         metadata={"description": "What the assessment is for."})


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class AssessmentStartedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person started an assessment on a competence. The stream is the person's "
                       "evaluation of that competence (competence-<user id>-<code>).")

    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competence_code = CompetenceCode(required=True)
    kind = _kind()
    started_at = Timestamp(required=True)
    bank_version = fields.String(required=True, validate=validate.Length(min=1, max=40),
                                 metadata={"description": "Version of the challenge bank the assessment draws from."})
    retried_skills = fields.List(Skill(), required=True, metadata={
        "description": "improve only (else empty): skills failed more than 4 days ago and asked again; "
                       "their knowledge elements are dropped."})


class KnowledgeElementData(_Strict):
    skill = Skill(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("validated", "invalidated")))
    source = fields.String(required=True, validate=validate.OneOf(("direct", "inferred")))


class AnswerRecordedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person answered (or skipped) a challenge of an assessment; carries the knowledge "
                       "elements the answer produced.")

    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competence_code = CompetenceCode(required=True)
    challenge_id = fields.String(required=True, validate=matching(CHALLENGE_ID_PATTERN, "Not a challenge id."),
                                 metadata={"description": "Challenge id in the bank, e.g. tableur4-communes-ain."})
    skill = Skill(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ANSWER_STATUSES),
                           metadata={"description": "Only ok counts as a success."})
    kind = _kind()
    answered_at = Timestamp(required=True)
    knowledge_elements = fields.List(fields.Nested(KnowledgeElementData), required=True, metadata={
        "description": "The direct element (the answered skill) first, then the ones inferred on its tube."})


class CompetenceEvaluatedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A person's competence got a new result: at the end of an assessment (reason assessment), "
                       "or back to zero (reason reset, assessment_id null, no skills, pix and level 0).")

    user_id = Uuid(required=True)
    competence_code = CompetenceCode(required=True)
    assessment_id = Uuid(required=True, allow_none=True,
                         metadata={"description": "The assessment that ended; null for a reset."})
    reason = fields.String(required=True, validate=validate.OneOf(("assessment", "reset")))
    validated_skills = fields.List(Skill(), required=True,
                                   metadata={"description": "Skills the person holds on the competence."})
    invalidated_skills = fields.List(Skill(), required=True,
                                     metadata={"description": "Skills the person failed on the competence."})
    pix = Integer(required=True, validate=validate.Range(min=0, max=64))
    level = Integer(required=True, validate=validate.Range(min=0, max=8))
    max_level = Integer(required=True, validate=validate.Range(min=1, max=8),
                        metadata={"description": "Highest level reachable on the platform today."})
    evaluated_at = Timestamp(required=True)


class CompetenceEvaluatedDataV2(CompetenceEvaluatedData):
    """v1 and the pix toward the next level (docs/domain.md §5), so that readers stop
    recomputing it. v1 stays a contract: its events are in the log for good."""

    class Meta(_Strict.Meta):
        description = CompetenceEvaluatedData.Meta.description + (
            " v2 adds progress, the pix toward the next level; v1 events stay valid and are read as v2 "
            "through pix_contracts.upcasters.")

    progress = Integer(required=True, validate=validate.Range(min=0, max=PIX_PER_LEVEL - 1), metadata={
        "description": "Pix toward the next level (pix mod 8), 0 once level reaches max_level."})


class AssessmentCompletedData(_Strict):
    class Meta(_Strict.Meta):
        description = "An assessment ended: no challenge left to ask."

    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    competence_code = CompetenceCode(required=True)
    kind = _kind()
    answers = Integer(required=True, validate=validate.Range(min=0),
                      metadata={"description": "Challenges answered or skipped in this assessment."})
    completed_at = Timestamp(required=True)


class CampaignMasteryData(_Strict):
    code = CompetenceCode(required=True)
    validated = Integer(required=True, validate=validate.Range(min=0, max=1000))
    total = Integer(required=True, validate=validate.Range(min=0, max=1000))
    mastery_rate = Integer(required=True, validate=validate.Range(min=0, max=100),
                           metadata={"description": "validated × 100 / total, rounded down."})


class CampaignAssessmentCompletedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A campaign test ended (stream campaign-<participation id>; the assessment id is the "
                       "participation id): the mastery of the campaign's target profile.")

    assessment_id = Uuid(required=True)
    participation_id = Uuid(required=True)
    campaign_id = Uuid(required=True)
    user_id = Uuid(required=True)
    completed_at = Timestamp(required=True)
    target_skills = fields.List(Skill(), required=True, metadata={"description": "Every skill of the target."})
    validated_skills = fields.List(Skill(), required=True)
    invalidated_skills = fields.List(Skill(), required=True)
    mastery_rate = Integer(required=True, validate=validate.Range(min=0, max=100),
                           metadata={"description": "validated × 100 / target skills, rounded down."})
    competences = fields.List(fields.Nested(CampaignMasteryData), required=True,
                              metadata={"description": "Each targeted competence, ordered by code."})


# A certification test (docs/domain.md §6, docs/adr/0016): 3 questions per certifiable competence
# at most, 48 in all; stream certification-<course id>, composed on certification's CertificationCourseStarted.
MAX_CERTIFICATION_QUESTIONS = 48
TEST_ENDED_BY = ("candidate", "invigilator")


class ComposedQuestionData(_Strict):
    competence_code = CompetenceCode(required=True)
    skill = Skill(required=True)
    challenge_id = fields.String(required=True, validate=matching(CHALLENGE_ID_PATTERN, "Not a challenge id."))


class CertificationTestComposedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("Assessment composed the certification test of one course (stream certification-<course id>): "
                       "three questions per certifiable competence at most, 48 in all.")

    course_id = Uuid(required=True)
    session_id = Uuid(required=True)
    assessment_id = Uuid(required=True, metadata={"description": "The assessment that delivers the test."})
    user_id = Uuid(required=True)
    questions = fields.List(fields.Nested(ComposedQuestionData), required=True,
                            validate=validate.Length(max=MAX_CERTIFICATION_QUESTIONS),
                            metadata={"description": "In the order they are asked."})
    composed_at = Timestamp(required=True)


class CertificationAnswerData(_Strict):
    challenge_id = fields.String(required=True, validate=matching(CHALLENGE_ID_PATTERN, "Not a challenge id."))
    competence_code = CompetenceCode(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ANSWER_STATUSES),
                           metadata={"description": "Only ok counts as a success."})


class CertificationTestCompletedData(_Strict):
    class Meta(_Strict.Meta):
        description = ("A certification test ended: the candidate answered the last question, or the invigilator "
                       "ended it. Every answer's competence and status: what certification scores from.")

    course_id = Uuid(required=True)
    session_id = Uuid(required=True)
    assessment_id = Uuid(required=True)
    user_id = Uuid(required=True)
    answers = fields.List(fields.Nested(CertificationAnswerData), required=True,
                          validate=validate.Length(max=MAX_CERTIFICATION_QUESTIONS),
                          metadata={"description": "In the order asked; questions never reached are not listed."})
    questions = Integer(required=True, validate=validate.Range(min=0, max=MAX_CERTIFICATION_QUESTIONS), metadata={
        "description": "Questions composed; those not answered when the test was ended count as not answered."})
    ended_by = fields.String(required=True, validate=validate.OneOf(TEST_ENDED_BY),
                             metadata={"description": "candidate (answered to the end) or invigilator (ended it)."})
    completed_at = Timestamp(required=True)
