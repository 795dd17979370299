"""Identity's HTTP entrypoint: translates requests into commands, nothing more."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Blueprint
from pixkit.settings import Settings
from pixkit.web.app import api_of, container, create_base_app, use_container
from pixkit.web.context import current_meta, request_language
from pixkit.web.schemas import ErrorSchema

from .. import config
from ..bootstrap import bootstrap
from ..domain.registration import RegisterUser
from .messages import MESSAGES
from .schemas import RegisteredSchema, SignUpSchema

users = Blueprint("users", __name__, url_prefix="/api/users", description="Comptes Pix")


@users.route("", methods=["POST"])
@users.arguments(SignUpSchema)
@users.response(201, RegisteredSchema)
@users.alt_response(409, schema=ErrorSchema, description="EMAIL_TAKEN: l'adresse est déjà utilisée")
def sign_up(payload: dict):
    """Créer un compte"""
    command = RegisterUser(**payload, locale=request_language())
    return container().execute(command, current_meta())


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None) -> Flask:
    settings = settings or config.load_settings()
    app = create_base_app(settings, config.SERVICE, messages=MESSAGES, ready_checks=ready_checks)
    api_of(app).register_blueprint(users)
    use_container(app, lambda: service_container or bootstrap(settings))
    return app
