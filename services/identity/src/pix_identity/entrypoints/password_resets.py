"""Password reset over HTTP: ask for the mail, then use the link's token."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate
from pixkit.web.app import container
from pixkit.web.context import current_meta, request_language
from pixkit.web.schemas import ErrorSchema, Schema
from pixkit.web.text_fields import SECRET

from ..domain.password_reset import RequestPasswordReset, ResetPassword
from ..domain.registration import EMAIL_MAX, PASSWORD_MAX
from .schemas import strong_password

resets = Blueprint("password_resets", __name__, url_prefix="/api/password-resets",
                   description="Mot de passe oublié")


class ResetRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=EMAIL_MAX, error="EMAIL_TOO_LONG"))


class NewPasswordSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, load_only=True, metadata=SECRET,
                             validate=[validate.Length(max=PASSWORD_MAX, error="PASSWORD_TOO_LONG"), strong_password])


class ResetAskedSchema(Schema):
    accepted = fields.Boolean(required=True, metadata={
        "description": "always true: the answer says nothing of whether the address has an account"})


@resets.route("", methods=["POST"])
@resets.arguments(ResetRequestSchema)
@resets.response(202, ResetAskedSchema)
def request_reset(payload: dict):
    """Recevoir un lien de réinitialisation par e-mail (même réponse que l'adresse ait un compte ou non)"""
    container().execute(RequestPasswordReset(payload["email"], request_language()), current_meta())
    return {"accepted": True}


@resets.route("/confirmation", methods=["POST"])
@resets.arguments(NewPasswordSchema)
@resets.response(204)
@resets.alt_response(400, schema=ErrorSchema, description="RESET_LINK_INVALID: lien inconnu, expiré ou déjà utilisé")
def reset(payload: dict):
    """Choisir un nouveau mot de passe avec le lien reçu (valable 24 h, une seule fois)"""
    container().execute(ResetPassword(payload["token"], payload["password"]), current_meta())
