"""Identity's HTTP entrypoint: translates requests into commands, nothing more."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Blueprint
from pixkit.settings import Settings
from pixkit.web import access
from pixkit.web.api_docs import authenticated
from pixkit.web.app import container
from pixkit.web.context import current_meta, request_language
from pixkit.web.schemas import ErrorSchema
from pixkit.web.service_app import create_service_app

from .. import config
from ..bootstrap import bootstrap
from ..domain.errors import TooManyLogins
from ..domain.registration import RegisterUser, RobotProof
from ..domain.sessions import DeleteAccount, Rename
from ..handlers.queries import ReadMe
from ..handlers.robot import ReadRobotPuzzle
from . import admin, password_resets, tokens
from .errors import ERRORS
from .messages import MESSAGES
from .schemas import MeSchema, RegisteredSchema, RenameSchema, RobotPuzzleSchema, SignUpSchema

users = Blueprint("users", __name__, url_prefix="/api/users", description="Comptes Pix")


@users.route("", methods=["POST"])
@users.arguments(SignUpSchema)
@users.response(201, RegisteredSchema)
@users.alt_response(400, schema=ErrorSchema,
                    description="ROBOT_CHECK_FAILED: énigme anti-robot fausse ou déjà utilisée")
@users.alt_response(409, schema=ErrorSchema, description="EMAIL_TAKEN: l'adresse est déjà utilisée")
def sign_up(payload: dict):
    """Créer un compte"""
    payload.pop("accept_terms")  # checked by the schema
    proof = RobotProof(**payload.pop("robot_proof"))
    command = RegisterUser(**payload, locale=request_language(), robot_proof=proof)
    return container().execute(command, current_meta())


@users.route("/robot-check", methods=["GET"])
@users.response(200, RobotPuzzleSchema)
def robot_puzzle():
    """Énigme anti-robot à résoudre avant l'inscription (preuve de travail, 10 min)"""
    return container().execute(ReadRobotPuzzle())


def me_id() -> str:
    """The caller, from the Bearer access token that identity verifies itself."""
    return access.caller().user_id


@users.route("/me", methods=["GET"])
@authenticated
@users.response(200, MeSchema)
def read_me():
    """Mon compte"""
    return container().execute(ReadMe(me_id()))


@users.route("/me", methods=["PATCH"])
@authenticated
@users.arguments(RenameSchema)
@users.response(200, MeSchema)
def rename_me(payload: dict):
    """Changer mon prénom ou mon nom"""
    user_id = me_id()
    return container().execute(Rename(user_id, **payload), current_meta(actor=user_id))


@users.route("/me", methods=["DELETE"])
@authenticated
@users.response(204)
def delete_me():
    """Supprimer mon compte (mes données personnelles sont effacées)"""
    user_id = me_id()
    container().execute(DeleteAccount(user_id), current_meta(actor=user_id))


def create_app(settings: Settings | None = None, service_container=None, ready_checks=None) -> Flask:
    app = create_service_app(settings or config.load_settings(), config.SERVICE, bootstrap,
                             blueprints=[users, tokens.tokens, tokens.keys, password_resets.resets, admin.accounts],
                             errors=ERRORS, messages=MESSAGES, service_container=service_container,
                             ready_checks=ready_checks,
                             # Identity checks its own tokens with its key ring: no round trip to its own JWKS.
                             verifier=lambda: container().verifier)
    app.register_error_handler(TooManyLogins, tokens.too_many_logins)
    return app
