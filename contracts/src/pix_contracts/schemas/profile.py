"""Payloads published by profile on pix.profile.events."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..framework import COMPETENCE_CODES
from ._fields import CompetenceCode, Integer, Timestamp, Uuid


class OnePerCompetenceInOrder(validate.Validator):
    """The 16 competences once each, ordered by code; in JSON Schema, one fixed code per position."""

    def __call__(self, competences: list[dict]) -> list[dict]:
        codes = tuple(item["code"] for item in competences)
        if codes != COMPETENCE_CODES:
            raise ValidationError("Must list the 16 competences once each, ordered by code.")
        return competences

    def json_schema(self, keywords: dict) -> dict:
        item = keywords["items"]
        prefix = [{**item, "properties": {"code": {"const": code}}} for code in COMPETENCE_CODES]
        return {**{k: v for k, v in keywords.items() if k != "items"}, "items": False, "prefixItems": prefix}


class CompetenceSchema(Schema):
    class Meta:
        unknown = RAISE

    code = CompetenceCode(required=True)
    level = Integer(required=True, validate=validate.Range(min=0, max=8))
    pix = Integer(required=True, validate=validate.Range(min=0, max=64))
    progress = Integer(required=True, validate=validate.Range(min=0, max=7),
                       metadata={"description": "pix toward the next level (pix mod 8)."})


class ProfileUpdatedData(Schema):
    """Event-carried state: the whole profile, so consumers never ask profile for it."""

    class Meta:
        unknown = RAISE
        description = ("Event-carried state: the whole current profile, so a consumer keeps the latest one and "
                       "never asks profile. total_pix is the sum of the competences' pix.")

    user_id = Uuid(required=True)
    total_pix = Integer(required=True, validate=validate.Range(min=0, max=1024))
    competences = fields.List(
        fields.Nested(CompetenceSchema),
        required=True,
        validate=[validate.Length(equal=16), OnePerCompetenceInOrder()],
        metadata={"description": "The 16 competences, once each, ordered by code."},
    )
    updated_at = Timestamp(required=True)
