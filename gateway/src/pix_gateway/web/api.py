"""The services' APIs as the web pages call them, server-side: straight to the service
that owns each path (the gateway's routing table), with the gateway's upstream pools, the
request ids, the page's language and the browser's address (outbound.headers). Answers
become `Answer`s; nothing here raises for an HTTP status or a service that is away
(status 0), so a page always has something to show.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from .. import outbound, upstream
from ..routes import service_for
from . import i18n, sessions

TIMEOUT = (2.0, 15.0)


@dataclass
class Answer:
    status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def code(self) -> str:
        return str(self.body.get("code", "")) if isinstance(self.body, dict) else ""

    def field_errors(self) -> dict[str, list[str]]:
        fields = (self.body.get("details") or {}).get("fields") if isinstance(self.body, dict) else None
        if not isinstance(fields, dict):
            return {}
        return {str(name): [str(e.get("message", "")) for e in errs if isinstance(e, dict)]
                for name, errs in fields.items() if isinstance(errs, list)}


def service_url(path: str) -> str | None:
    """The base URL of the service that owns `path` (the gateway's routing table)."""
    return current_app.extensions["pix_web"].service_urls.get(service_for(path.partition("?")[0]) or "")


def call(method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None) -> Answer:
    base = service_url(path)
    if not base:
        return Answer(0)
    headers = outbound.headers({"Accept": "application/json", "Accept-Language": i18n.language(),
                                "Authorization": outbound.bearer(token)})
    try:
        answer = upstream.request(method, base, path, json_body=body, headers=headers, timeout=TIMEOUT)
    except upstream.UpstreamError:
        return Answer(0)
    try:
        parsed = answer.json() if answer.content else {}
    except ValueError:
        parsed = {}
    return Answer(answer.status_code, parsed if isinstance(parsed, dict) else {})


def authorized(method: str, path: str, body: dict[str, Any] | None = None) -> Answer:
    """A call as the signed-in person: refreshes the access token when it has expired (or
    is refused), and ends the session when the refresh token is refused too (status 401)."""
    record = sessions.current()
    if not record or not record.get("accessToken"):
        return Answer(401)
    if record.get("accessExpiresAt", 0) <= time.time() and not _refresh(record):
        return Answer(401)
    answer = call(method, path, body, sessions.current()["accessToken"])
    if answer.status == 401 and _refresh(sessions.current()):
        answer = call(method, path, body, sessions.current()["accessToken"])
    if answer.status == 401:
        sessions.end()
    return answer


def _refresh(record: dict[str, Any]) -> bool:
    answer = call("POST", "/api/token/refresh", {"refreshToken": record.get("refreshToken")})
    if answer.ok and answer.body.get("accessToken"):
        sessions.update(**sessions.token_fields(answer.body))
        return True
    if answer.status in (400, 401, 422):
        sessions.end()
    return False


def stream(path: str) -> upstream.Reply | None:
    """A raw GET as the signed-in person, streamed; None when the service is away."""
    base = service_url(path)
    token = (sessions.current() or {}).get("accessToken")
    if not base or not token:
        return None
    headers = outbound.headers({"Authorization": outbound.bearer(token), "Accept-Language": i18n.language(),
                                "Accept-Encoding": "identity"})  # the bytes as they are, with their length
    try:
        return upstream.get(base, path, headers=headers, timeout=TIMEOUT, stream=True)
    except upstream.UpstreamError:
        return None
