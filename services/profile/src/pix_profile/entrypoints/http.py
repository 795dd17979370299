"""Profile's HTTP entrypoint: reads from the `profiles` read model."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Blueprint
from marshmallow import fields
from pixkit.settings import Settings
from pixkit.web import access
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.schemas import ErrorSchema, Schema
from pixkit.web.service_app import create_service_app

from .. import config
from ..bootstrap import bootstrap
from ..handlers import queries
from .errors import ERRORS
from .messages import MESSAGES


class CompetenceSchema(Schema):
    code = fields.String()
    level = fields.Integer()
    pix = fields.Integer()


class ProfileSchema(Schema):
    user_id = fields.String(data_key="userId")
    total_pix = fields.Integer(data_key="totalPix")
    competences = fields.List(fields.Nested(CompetenceSchema))


profile = Blueprint("profile", __name__, url_prefix="/api/profile", description="Profils de compétences")


@profile.route("/<user_id>", methods=["GET"])
@authenticated
@profile.response(200, ProfileSchema)
@profile.alt_response(403, schema=ErrorSchema, description="FORBIDDEN: ni la personne, ni le support")
@profile.alt_response(404, schema=ErrorSchema, description="PROFILE_NOT_FOUND")
def get_profile(user_id: str):
    """Lire le profil d'une personne (la personne elle-même, ou le support)"""
    access.require(owner=user_id, roles=READ_ANY_PROFILE)
    return container().execute(queries.ReadProfile(user_id))


# Platform roles that may read anyone's profile (organizations get copies through sharing).
READ_ANY_PROFILE = ("SUPER_ADMIN", "SUPPORT")


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None,
               verifier=None) -> Flask:
    return create_service_app(settings or config.load_settings(), config.SERVICE, bootstrap,
                              blueprints=[profile], errors=ERRORS, messages=MESSAGES,
                              service_container=service_container, ready_checks=ready_checks,
                              verifier=(lambda: verifier) if verifier else None)
