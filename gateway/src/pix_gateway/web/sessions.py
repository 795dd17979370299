"""Server-side web sessions and CSRF tokens.

The browser holds only a random id (cookie `pix_session`: httpOnly, SameSite=Lax, Secure
over HTTPS); the record, in the gateway's own database (`<prefix>gateway`, so that every
gunicorn worker and replica sees it), holds the CSRF token, the identity tokens and the
access token's platform roles (for the navigation).
Records idle for longer than IDLE_S are treated as absent.
"""
from __future__ import annotations

import base64
import hmac
import json
import secrets
import time
from typing import Any, Protocol

from flask import Response, current_app, g, request

COOKIE = "pix_session"
CSRF_FIELD = "csrf_token"
IDLE_S = 12 * 3600
COLLECTION = "web_sessions"


class Store(Protocol):
    def load(self, sid: str) -> dict[str, Any] | None: ...
    def save(self, record: dict[str, Any]) -> None: ...
    def delete(self, sid: str) -> None: ...


class MongoStore:
    def __init__(self, collection_factory) -> None:
        self._factory = collection_factory  # made on first use: after gunicorn forked
        self._collection = None

    @property
    def collection(self):
        if self._collection is None:
            self._collection = self._factory()
        return self._collection

    def load(self, sid: str) -> dict[str, Any] | None:
        return self.collection.find_one({"_id": sid})

    def save(self, record: dict[str, Any]) -> None:
        self.collection.replace_one({"_id": record["_id"]}, record, upsert=True)

    def delete(self, sid: str) -> None:
        self.collection.delete_one({"_id": sid})


class MemoryStore:
    """For unit tests."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    def load(self, sid: str) -> dict[str, Any] | None:
        record = self.records.get(sid)
        return dict(record) if record else None

    def save(self, record: dict[str, Any]) -> None:
        self.records[record["_id"]] = dict(record)

    def delete(self, sid: str) -> None:
        self.records.pop(sid, None)


def _store() -> Store:
    return current_app.extensions["pix_web"].sessions


def current() -> dict[str, Any] | None:
    """This request's session record, or None (no cookie, unknown or idle id)."""
    if "web_session" not in g:
        sid = request.cookies.get(COOKIE, "")
        record = _store().load(sid) if 20 <= len(sid) <= 100 else None
        if record and time.time() - record.get("touchedAt", 0) > IDLE_S:
            _store().delete(sid)
            record = None
        g.web_session = record
    return g.web_session


def _new(**fields: Any) -> dict[str, Any]:
    record = {"_id": secrets.token_urlsafe(32), "csrf": secrets.token_urlsafe(32), "touchedAt": time.time(),
              **fields}
    _store().save(record)
    g.web_session = record
    g.set_session_cookie = record["_id"]
    return record


def ensure() -> dict[str, Any]:
    """The session, made when absent (forms need a CSRF token before anyone signs in)."""
    return current() or _new()


def update(**fields: Any) -> None:
    record = current()
    if record is not None:
        record.update(fields, touchedAt=time.time())
        _store().save(record)


def flash(data: dict[str, Any]) -> None:
    """What the next page shows once (post/redirect/get: a refused form's values and errors),
    in the record as JSON so that any field name is kept as it is."""
    ensure()
    update(flash=json.dumps(data, ensure_ascii=False))


def take_flash() -> dict[str, Any] | None:
    """The flash, removed from the record: shown by one page only, whichever it is."""
    record = current()
    kept = record.get("flash") if record else None
    if not kept:
        return None
    update(flash=None)
    try:
        data = json.loads(kept)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def start_authenticated(tokens: dict[str, Any]) -> None:
    """A new id on sign-in, so that an id known before it (fixation) is worth nothing."""
    end()
    _new(**token_fields(tokens))


def token_fields(tokens: dict[str, Any]) -> dict[str, Any]:
    lifetime = int(tokens.get("expiresIn") or 0)
    return {"accessToken": tokens.get("accessToken"), "refreshToken": tokens.get("refreshToken"),
            "accessExpiresAt": time.time() + max(lifetime - 15, 0), "roles": claimed_roles(tokens.get("accessToken"))}


def claimed_roles(access_token: Any) -> list[str]:
    """The platform roles in the access token's `roles` claim, read without checking the
    signature: the token comes straight from identity, and the roles kept in the session
    only choose what the navigation shows (identity checks them on every admin call)."""
    payload = access_token.split(".")[1] if isinstance(access_token, str) and access_token.count(".") == 2 else ""
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return []
    return roles_of(claims.get("roles")) if isinstance(claims, dict) else []


def roles_of(value: Any) -> list[str]:
    return [role for role in value if isinstance(role, str)] if isinstance(value, list) else []


def end() -> None:
    record = current()
    if record is not None:
        _store().delete(record["_id"])
    g.web_session = None
    g.clear_session_cookie = True


def csrf_token() -> str:
    return ensure()["csrf"]


def csrf_valid() -> bool:
    record = current()
    sent = request.form.get(CSRF_FIELD, "")
    return bool(record and sent) and hmac.compare_digest(record["csrf"].encode(), sent.encode())


def write_cookie(response: Response) -> Response:
    secure = request.is_secure
    if g.get("set_session_cookie"):
        response.set_cookie(COOKIE, g.set_session_cookie, httponly=True, samesite="Lax", secure=secure, path="/")
    elif g.get("clear_session_cookie"):
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=secure, path="/")
    if g.get("web_session") is not None or g.get("clear_session_cookie"):
        response.headers["Cache-Control"] = "no-store"
    return response
