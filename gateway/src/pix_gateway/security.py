"""The gateway's guards (docs/architecture.md §6): who may call which route, rate limits, CORS.

Services verify tokens too (nothing trusts the gateway alone); the gateway refuses early
what would be refused anyway, and is the one place where per-IP limits hold across
services. Policies are data: PUBLIC_ROUTES and LIMITED_ROUTES.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, g, request
from pixkit.errors import DomainError
from pymongo.errors import PyMongoError

log = logging.getLogger("pix.gateway.security")

# (method or "*", path prefix): reachable without an access token.
PUBLIC_ROUTES: tuple[tuple[str, str], ...] = (
    ("POST", "/api/users"),
    ("GET", "/api/users/robot-check"),
    ("*", "/api/token"),
    ("POST", "/api/password-resets"),
    ("GET", "/api/.well-known"),
    ("GET", "/api/framework"),
    ("GET", "/api/openapi.json"),
    ("POST", "/api/certification/accreditation-requests"),  # a center's request: no account yet
    ("*", "/api/certification/invigilation"),  # the invigilator has no account: a session's code and password
    ("GET", "/api/certification/verification"),  # anyone checks a certificate's code
)
# bucket → (method, path test), for the API and the web pages that do the same thing.
# Limits per minute and client address come from the environment (PIX_RATE_LIMITS).
LIMITED_ROUTES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "login": ("POST", lambda path: path in ("/api/token", "/connexion")),
    "signup": ("POST", lambda path: path in ("/api/users", "/inscription")),
    "reset": ("POST", lambda path: path in ("/api/password-resets", "/api/password-resets/confirmation",
                                            "/mot-de-passe-oublie", "/mot-de-passe/nouveau")),
    "export": ("GET", lambda path: path.startswith("/api/") and "/export" in path),
    # A session's access code and invigilator password: typed by people, guessed by robots.
    "session-code": ("POST", lambda path: path in ("/api/certification/joins", "/api/certification/invigilation",
                                                   "/certification/rejoindre", "/surveillant")),
    "accreditation": ("POST", lambda path: path in ("/api/certification/accreditation-requests",
                                                    "/centres-de-certification/demande")),
}
DEFAULT_LIMITS = {"login": 30, "signup": 20, "reset": 10, "export": 10, "session-code": 20, "accreditation": 5}


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class InvalidAccessToken(DomainError):
    code = "INVALID_TOKEN"


class TooManyRequests(DomainError):
    code = "TOO_MANY_REQUESTS"


class CorsForbidden(DomainError):
    code = "CORS_FORBIDDEN"


MESSAGES = {
    "UNAUTHENTICATED": {"fr": "Vous devez être connecté pour accéder à cette page.",
                        "en": "You must be signed in to access this page."},
    "INVALID_TOKEN": {"fr": "Votre session a expiré ou n'est pas valide ; reconnectez-vous.",
                      "en": "Your session has expired or is not valid; please sign in again."},
    "TOO_MANY_REQUESTS": {"fr": "Trop de tentatives ; réessayez dans une minute.",
                          "en": "Too many attempts; please try again in a minute."},
    "CORS_FORBIDDEN": {"fr": "Cette origine n'est pas autorisée.", "en": "This origin is not allowed."},
}


def _matches(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def is_public(method: str, path: str) -> bool:
    return any((m in ("*", method)) and _matches(prefix, path) for m, prefix in PUBLIC_ROUTES)


def parse_limits(raw: str | None) -> dict[str, int]:
    limits = dict(DEFAULT_LIMITS)
    for item in (raw or "").split(","):
        name, _, value = item.partition("=")
        if name.strip() in limits and value.strip().isdigit():
            limits[name.strip()] = int(value)
    return limits


@dataclass
class RateLimiter:
    """Fixed one-minute windows per (bucket, client), in the gateway's store so that every
    gunicorn worker and replica counts together. One `_id`-anchored write per request."""

    collection_of: Callable[[], object]  # made on first use: no store client before the fork
    limits: dict[str, int]
    clock: Callable[[], float] = time.time

    def hit(self, bucket: str, client: str) -> int | None:
        """Counts the request; returns seconds to wait when over the limit, else None."""
        now = self.clock()
        window = int(now // 60)
        key = f"{bucket}:{client}"
        collection = self.collection_of()
        doc = collection.find_one_and_update({"_id": key, "window": window}, {"$inc": {"count": 1}})
        if doc is None:
            collection.update_one({"_id": key}, {"$set": {"window": window, "count": 1}}, upsert=True)
            return None
        if doc["count"] + 1 > self.limits[bucket]:
            return 60 - int(now % 60)
        return None


def client_address() -> str:
    return request.remote_addr or "unknown"


def _over_limit(limiter: RateLimiter, method: str, path: str) -> int | None:
    for bucket, (limited_method, test) in LIMITED_ROUTES.items():
        if method == limited_method and test(path):
            try:
                return limiter.hit(bucket, client_address())
            except PyMongoError:
                # Fail open: the services keep their own limits (identity's per-address login
                # window), and a store outage must not lock everyone out of signing in.
                log.warning("rate limiter unavailable", exc_info=True)
    return None


def install(app: Flask, *, verify: Callable[[str], object], limiter: RateLimiter | None,
            cors_origins: frozenset[str] = frozenset(),
            page_refusal: Callable[[int], Response] | None = None,
            routed: Callable[[str], bool] = lambda path: True) -> None:
    """`verify(token)` returns claims or raises; the gateway only needs to know it is valid.
    `page_refusal(wait)` answers a web page over its limit (an HTML page, not JSON).
    `routed(path)` says whether a service owns the path; others get their 404 untouched."""

    @app.before_request
    def guard() -> Response | None:
        path, method = request.path, request.method
        origin = request.headers.get("Origin")
        if origin and origin not in cors_origins and origin != request.host_url.rstrip("/"):
            if method == "OPTIONS":
                raise CorsForbidden(details={"origin": origin})
        wait = _over_limit(limiter, method, path) if limiter is not None else None
        if wait is not None:
            g.retry_after = wait
            if not path.startswith("/api/") and page_refusal is not None:
                return page_refusal(wait)
            raise TooManyRequests(details={"retryAfter": wait})
        if not path.startswith("/api/"):
            return None
        if is_public(method, path) or method == "OPTIONS" or not routed(path):
            return None
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise Unauthenticated()
        try:
            g.claims = verify(header[len("Bearer "):].strip())
        except Exception as exc:  # noqa: BLE001 - whatever the verifier refuses is a 401
            raise InvalidAccessToken() from exc
        return None

    @app.after_request
    def cors_and_retry(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if origin and origin in cors_origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        if getattr(g, "retry_after", None) is not None:
            response.headers["Retry-After"] = str(g.retry_after)
        return response


def cors_origins_from_env() -> frozenset[str]:
    return frozenset(o.strip() for o in os.environ.get("PIX_CORS_ORIGINS", "").split(",") if o.strip())
