"""Payloads published by profile on pix.profile.events."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..framework import COMPETENCE_CODES
from ._fields import Integer, Timestamp, Uuid


def _one_per_competence_in_order(competences: list[dict]) -> None:
    codes = tuple(item["code"] for item in competences)
    if codes != COMPETENCE_CODES:
        raise ValidationError("Must list the 16 competences once each, ordered by code.")


class CompetenceSchema(Schema):
    class Meta:
        unknown = RAISE

    code = fields.String(required=True, validate=validate.OneOf(COMPETENCE_CODES))
    level = Integer(required=True, validate=validate.Range(min=0, max=8))
    pix = Integer(required=True, validate=validate.Range(min=0, max=64))
    progress = Integer(required=True, validate=validate.Range(min=0, max=7))


class ProfileUpdatedData(Schema):
    """Event-carried state: the whole profile, so consumers never ask profile for it."""

    class Meta:
        unknown = RAISE

    user_id = Uuid(required=True)
    total_pix = Integer(required=True, validate=validate.Range(min=0, max=1024))
    competences = fields.List(
        fields.Nested(CompetenceSchema),
        required=True,
        validate=[validate.Length(equal=16), _one_per_competence_in_order],
    )
    updated_at = Timestamp(required=True)
