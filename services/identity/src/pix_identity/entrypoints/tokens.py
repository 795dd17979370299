"""Login, refresh, logout and the public keys: HTTP to commands, nothing more."""
from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint
from pixkit.web.app import container
from pixkit.web.client import client_address
from pixkit.web.context import current_meta
from pixkit.web.error_handlers import error_response
from pixkit.web.schemas import ErrorSchema

from ..domain.errors import TooManyLogins
from ..domain.sessions import Login, Logout, Refresh
from ..handlers.queries import ReadJwks
from .token_schemas import JwksSchema, LoginSchema, RefreshTokenSchema, TokenPairSchema

tokens = Blueprint("tokens", __name__, url_prefix="/api/token", description="Connexion et jetons")
keys = Blueprint("keys", __name__, url_prefix="/api/.well-known", description="Clés publiques (JWKS)")


def client_ip() -> str:
    """X-Forwarded-For's last hop from the gateway (PIX_TRUSTED_PROXIES), else the peer."""
    return client_address()


@tokens.route("", methods=["POST"])
@tokens.arguments(LoginSchema)
@tokens.response(200, TokenPairSchema)
@tokens.alt_response(401, schema=ErrorSchema, description="INVALID_CREDENTIALS (also for a locked account)")
@tokens.alt_response(429, schema=ErrorSchema, description="TOO_MANY_REQUESTS, with Retry-After")
def login(payload: dict):
    """Se connecter : jeton d'accès (15 min) et jeton de rafraîchissement"""
    return container().execute(Login(payload["email"], payload["password"], client_ip()), current_meta())


@tokens.route("/refresh", methods=["POST"])
@tokens.arguments(RefreshTokenSchema)
@tokens.response(200, TokenPairSchema)
@tokens.alt_response(401, schema=ErrorSchema, description="INVALID_TOKEN")
def refresh(payload: dict):
    """Échanger un jeton de rafraîchissement contre une nouvelle paire"""
    return container().execute(Refresh(payload["refresh_token"]), current_meta())


@tokens.route("/revoke", methods=["POST"])
@tokens.arguments(RefreshTokenSchema)
@tokens.response(204)
def revoke(payload: dict):
    """Se déconnecter : révoque le jeton et toute sa famille"""
    container().execute(Logout(payload["refresh_token"]), current_meta())


@keys.route("/jwks.json", methods=["GET"])
@keys.response(200, JwksSchema)
def jwks():
    """Clés publiques de signature des jetons d'accès"""
    return container().execute(ReadJwks())


def too_many_logins(exc: TooManyLogins) -> Response:
    return error_response(429, exc.code, exc.details, headers={"Retry-After": str(exc.retry_after)})
