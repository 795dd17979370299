"""The invigilator's token (docs/adr/0016): no account, just the session's access code and
invigilator password, exchanged for a token that opens that one session until the end of the
day (UTC) it was given. `<session id>.<YYYY-MM-DD>.<mac>`, the mac an HMAC-SHA256 of the first
two parts under certification's secret: nothing is stored, and a token for one session or day
says nothing about another."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac


def _mac(secret: bytes, session_id: str, day: str) -> str:
    digest = hmac.new(secret, f"invigilator-token:{session_id}:{day}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue(secret: bytes, session_id: str, today: dt.date) -> str:
    day = today.isoformat()
    return f"{session_id}.{day}.{_mac(secret, session_id, day)}"


def opens(secret: bytes, token: str | None, session_id: str, today: dt.date) -> bool:
    """Whether `token` opens `session_id` today."""
    parts = (token or "").split(".")
    if len(parts) != 3 or parts[0] != session_id or parts[1] != today.isoformat():
        return False
    return hmac.compare_digest(parts[2], _mac(secret, session_id, parts[1]))


def expires_at(today: dt.date) -> str:
    return f"{today.isoformat()}T23:59:59Z"
