"""Eligibility: whether the caller may take a certification, and why not (docs/domain.md §6)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields
from pixkit.web import access
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.schemas import ErrorSchema, Schema

from ..domain.eligibility import MIN_CERTIFIABLE_COMPETENCES, MIN_CERTIFIABLE_LEVEL
from ..handlers import queries


class LevelSchema(Schema):
    code = fields.String()
    level = fields.Integer()
    certifiable = fields.Boolean()


class EligibilitySchema(Schema):
    eligible = fields.Boolean()
    certifiable_competences = fields.List(fields.String(), data_key="certifiableCompetences")
    missing = fields.Integer(metadata={"description": "how many more competences at level 1 or more are needed"})
    required = fields.Integer(metadata={"description": "competences at level 1 or more a certification needs"})
    levels = fields.List(fields.Nested(LevelSchema))


eligibility = Blueprint("eligibility", __name__, url_prefix="/api/certification",
                        description="Éligibilité à la certification")


@eligibility.route("/eligibility", methods=["GET"])
@authenticated
@eligibility.response(200, EligibilitySchema)
@eligibility.alt_response(401, schema=ErrorSchema, description="INVALID_TOKEN")
def get_eligibility():
    """Savoir si je peux passer une certification, et sinon pourquoi"""
    claims = access.caller()
    result, levels = container().execute(queries.ReadEligibility(claims.user_id))
    return {"eligible": result.eligible, "certifiable_competences": list(result.certifiable_competences),
            "missing": result.missing, "required": MIN_CERTIFIABLE_COMPETENCES,
            "levels": [{"code": code, "level": level, "certifiable": level >= MIN_CERTIFIABLE_LEVEL}
                       for code, level in sorted(levels.items())]}
