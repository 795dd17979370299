"""The documented shapes of assessment's answers (views.py builds them).

Fields carry their wire names: views.py already speaks camelCase, and flask-smorest dumps each
answer through its schema, so a key the view forgets is missing from the answer and the
contract tests see it. Every field is required (always present); `allow_none` where the
view gives null.
"""
from __future__ import annotations

from marshmallow import fields, validate
from pixkit.web.schemas import Schema

RUN_KINDS = ("positioning", "improve", "campaign", "certification")
RUN_STATES = ("started", "completed")
ANSWER_STATUSES = ("ok", "ko", "aband", "timedout")


def _str(**kw) -> fields.String:
    return fields.String(required=True, **kw)


def _int(**kw) -> fields.Integer:
    return fields.Integer(required=True, **kw)


def _list(inner: fields.Field, **kw) -> fields.List:
    return fields.List(inner, required=True, **kw)


def _nested(schema: type[Schema], **kw) -> fields.Nested:
    return fields.Nested(schema, required=True, **kw)


def _bool() -> fields.Boolean:
    return fields.Boolean(required=True)


class FieldSchema(Schema):
    name = _str()
    label = _str()


class AttachmentLinkSchema(Schema):
    format = _str(metadata={"description": "xlsx, ods, docx or odt"})
    name = _str()
    url = _str()


class ChallengeSchema(Schema):
    """The question on screen: never its solution. Answers number the proposals as shown."""
    id = _str()
    type = _str(metadata={"description": "QCU, QCM, QROC, QROCM-ind, QROCM-dep"})
    instruction = _str()
    proposals = _list(fields.String())
    # "fields" would hide marshmallow.fields in this class body
    answer_fields = _list(fields.Nested(FieldSchema), data_key="fields", attribute="fields")
    timer = _int(allow_none=True, metadata={"description": "seconds, for a timed question (a certification's: "
                                                          "lengthened by the candidate's extra time)"})
    illustrationAlt = _str(allow_none=True)
    attachments = _list(fields.Nested(AttachmentLinkSchema))
    focus = fields.Boolean(required=True, metadata={
        "description": "a certification's focus question: the page watches that it keeps the focus, and says "
                       "so in the answer (focusedOut); false for any other test"})


class AnswerProgressSchema(Schema):
    answered = _int()
    total = _int(allow_none=True, metadata={"description": "a certification's composed questions; null for "
                                                          "the other tests, whose length is not known ahead"})
    checkpointEvery = _int(allow_none=True, metadata={"description": "null for a certification (no checkpoint)"})


class CheckpointItemSchema(Schema):
    challengeId = _str()
    instruction = _str(metadata={"description": "the whole instruction (Markdown): the page shortens it"})
    status = _str(validate=validate.OneOf(ANSWER_STATUSES))
    correct = _bool()


class SolutionPartSchema(Schema):
    label = _str(allow_none=True, metadata={"description": "the field's label (QROCM-ind); null otherwise"})
    text = _str(metadata={"description": "a proposal's text, or the field's reference answer"})


class ReviewItemSchema(Schema):
    """One answered challenge of a finished test, with what was expected."""
    challengeId = _str()
    type = _str(metadata={"description": "QCU, QCM, QROC, QROCM-ind, QROCM-dep"})
    instruction = _str(metadata={"description": "the whole instruction (Markdown), in the caller's language"})
    status = _str(validate=validate.OneOf(ANSWER_STATUSES),
                  metadata={"description": "ok (right), ko (wrong), aband (skipped), timedout (right but late)"})
    correct = _bool()
    solution = _list(fields.Nested(SolutionPartSchema),
                     metadata={"description": "the correct answer: QCU one proposal, QCM each right proposal, "
                                              "QROC its reference answer, QROCM-ind one per field, QROCM-dep "
                                              "every accepted item (any `anyOf` of them)"})
    anyOf = _int(allow_none=True, metadata={"description": "QROCM-dep: how many distinct items of `solution` "
                                                           "make a right answer; null otherwise"})


class ResultSchema(Schema):
    """A positioning's or an improvement's result: the competence's."""
    level = _int()
    pix = _int()
    progress = _int(metadata={"description": "pix towards the next level"})
    maxLevel = _int()


class CampaignTestMasterySchema(Schema):
    code = _str(metadata={"description": "a targeted competence"})
    validated = _int(metadata={"description": "its target skills validated"})
    total = _int(metadata={"description": "its target skills"})
    masteryRate = _int(metadata={"description": "validated × 100 / total, rounded down"})


class CampaignTestResultSchema(Schema):
    """A campaign test's result: the mastery of the campaign's target profile."""
    masteryRate = _int(metadata={"description": "validatedSkills × 100 / targetSkills, rounded down"})
    validatedSkills = _int()
    targetSkills = _int()
    competences = _list(fields.Nested(CampaignTestMasterySchema), metadata={"description": "by code"})


# The result's two shapes, registered as components by entrypoints/http.py (one of them by kind),
# under names no other service's document uses (the gateway merges them).
RESULT_SCHEMAS = {"CompetenceResult": ResultSchema, "CampaignTestResult": CampaignTestResultSchema}


class ResultOfKind(fields.Field):
    """`result`: a competence's (positioning, improve) or a target profile's mastery (campaign),
    each dumped through its own schema, so a key the view forgets is missing here too."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return (CampaignTestResultSchema if "masteryRate" in value else ResultSchema)().dump(value)


class AssessmentSchema(Schema):
    id = _str()
    competenceCode = _str(allow_none=True, metadata={"description": "null for a campaign or a certification "
                                                                   "(several competences)"})
    competenceTitle = _str(allow_none=True, metadata={"description": "null for a campaign or a certification"})
    kind = _str(validate=validate.OneOf(RUN_KINDS),
                metadata={"description": "campaign: the test of a campaign, whose id is the participation id; "
                                         "certification: a certification course's test, whose id is the course id"})
    state = _str(validate=validate.OneOf(RUN_STATES))
    progress = _nested(AnswerProgressSchema)
    challenge = _nested(ChallengeSchema, allow_none=True,
                        metadata={"description": "the current question; null once completed"})
    checkpoint = _list(fields.Nested(CheckpointItemSchema), allow_none=True,
                       metadata={"description": "the last five answers, every fifth answer; never for a "
                                                "certification"})
    result = ResultOfKind(required=True, allow_none=True, metadata={
        "description": "once completed: CompetenceResult for a positioning or an improvement, "
                       "CampaignTestResult for a campaign; never for a certification (null)",
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in RESULT_SCHEMAS]})
    review = _list(fields.Nested(ReviewItemSchema), allow_none=True,
                   metadata={"description": "once completed, never before: each answered challenge of this test, "
                                            "its status and the correct answer"})


class AnsweredSchema(Schema):
    status = _str(allow_none=True, validate=validate.OneOf(ANSWER_STATUSES),
                  metadata={"description": "of the answer just sent; null for a certification (nothing shows how "
                                           "it went before the session's publication)"})
    assessment = _nested(AssessmentSchema)


IMPROVE_REFUSALS = ("NOT_EVALUATED_YET", "MAX_LEVEL_REACHED", "IMPROVE_TOO_EARLY", "NOTHING_TO_IMPROVE")


class RefusalSchema(Schema):
    code = _str(validate=validate.OneOf(IMPROVE_REFUSALS))
    message = _str(metadata={"description": "in the caller's language"})
    availableAt = _str(allow_none=True, metadata={"description": "IMPROVE_TOO_EARLY only"})


class CompetenceStatusSchema(Schema):
    code = _str()
    title = _str()
    areaCode = _str()
    areaTitle = _str()
    level = _int()
    pix = _int()
    progress = _int()
    evaluated = _bool()
    assessmentId = _str(allow_none=True, metadata={"description": "the test in progress"})
    canImprove = _bool()
    canReset = _bool()
    resetAvailableAt = _str(allow_none=True)
    improveAvailableAt = _str(allow_none=True, metadata={
        "description": "when \"Retenter\" will have something to ask; null when it can start now, while a "
                       "test is in progress, or when waiting is not enough"})
    improveRefusal = _nested(RefusalSchema, allow_none=True, metadata={
        "description": "why \"Retenter\" cannot start now, as its POST would refuse it; null when it can, "
                       "or while a test is in progress (the POST then resumes it)"})


class CompetencesSchema(Schema):
    totalPix = _int()
    maxLevel = _int()
    competences = _list(fields.Nested(CompetenceStatusSchema))


class TubeSchema(Schema):
    name = _str()
    title = _str()
    skills = _list(fields.Integer(), metadata={"description": "levels of the tube's skills"})


class FrameworkCompetenceSchema(Schema):
    code = _str()
    title = _str()
    tubes = _list(fields.Nested(TubeSchema))


class AreaSchema(Schema):
    code = _str()
    title = _str()
    competences = _list(fields.Nested(FrameworkCompetenceSchema))


class FrameworkSchema(Schema):
    version = _str()
    areas = _list(fields.Nested(AreaSchema))


# Attachment files by format (queries.MIME_TYPES): documented as binary content.
BINARY = {"type": "string", "format": "binary"}
