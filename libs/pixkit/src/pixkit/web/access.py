"""Who is calling, checked by each service itself (docs/architecture.md §6: nothing trusts the gateway
alone). The verifier checks identity's access tokens against its published keys, then the
service's own copy of the revocations (pixkit.revocations) refuses the tokens of erased
people and of revoked sessions; routes ask `caller()` or `require(...)`. Platform roles come
in the token (`roles` claim): a role removal revokes the tokens that carried it."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, current_app, request

from ..auth import Claims, TokenVerifier, bearer_claims
from ..errors import Forbidden
from ..revocations import COLLECTION, RevocationCheck
from ..roles import PLATFORM_ROLES
from ..settings import Settings
from .app import container

# A service reuses what it read of a person's revocations for one second (docs/adr/0009):
# one store lookup less on most requests, for at most a second more of delay. Identity
# writes its revocations itself and refuses at once.
REVOCATION_REUSE_S = 1.0
READS_ITS_OWN_REVOCATIONS = "identity"

__all__ = ["PLATFORM_ROLES", "Forbidden", "caller", "require", "use_verifier", "verifier_for"]


def verifier_for(settings: Settings) -> TokenVerifier:
    identity = settings.service_urls.get("identity")
    return TokenVerifier(jwks_url=f"{identity}/api/.well-known/jwks.json" if identity else None)


def use_verifier(app: Flask, factory: Callable[[], TokenVerifier]) -> None:
    """Made on first use, like the container: no network before a request needs it. The
    revocations are read from the container's database, which the worker keeps up to date."""
    app.extensions["pix_access"] = {"factory": factory, "verifier": None, "check": None}


def _verifier() -> TokenVerifier:
    state = current_app.extensions["pix_access"]
    if state["verifier"] is None:
        state["verifier"] = state["factory"]()
    return state["verifier"]


def _revocations() -> RevocationCheck:
    state = current_app.extensions["pix_access"]
    if state["check"] is None:
        services = container()
        ttl = 0.0 if services.settings.service == READS_ITS_OWN_REVOCATIONS else REVOCATION_REUSE_S
        state["check"] = RevocationCheck(services.db[COLLECTION], ttl_s=ttl)
    return state["check"]


def caller() -> Claims:
    """The claims of the request's bearer token; InvalidToken (401) when absent, refused or
    revoked (one `_id` lookup in the service's own store, after the signature check)."""
    return _revocations().check(bearer_claims(request.headers, _verifier()))


def require(owner: str | None = None, roles: Iterable[str] = ()) -> Claims:
    """The caller, when they are `owner` or hold one of `roles`; else Forbidden (403)."""
    claims = caller()
    if (owner is not None and claims.user_id == owner) or set(claims.roles) & set(roles):
        return claims
    raise Forbidden()
