"""Answers the HTTP server (gunicorn) gives before the app sees a request, in the Pix shape.

A request line too long, a header that is no header, an unknown transfer coding
(`Transfer-Encoding: gzip2` → 501, RFC 9112 §6.1)… are refused by gunicorn itself, which
writes a small HTML page: the one answer of a Pix process that would not be
`{"code", "message", "details"}` JSON. `install()` (gunicorn's on_starting, so every worker
forked after it has it) replaces that page. There is no request yet, so no language and no
request id: the message is French and English at once, and nothing of the request is echoed.
"""
from __future__ import annotations

import json

from .errors import HTTP_CODES
from .messages import BASE_MESSAGES, DEFAULT_LANGUAGE, message

PROTOCOL_CODES = {400: "BAD_REQUEST", 403: "FORBIDDEN", 414: "URI_TOO_LONG", 417: "EXPECTATION_FAILED",
                  431: "HEADERS_TOO_LARGE", 501: "NOT_IMPLEMENTED"}


def error_bytes(status: int, reason: str) -> bytes:
    code = PROTOCOL_CODES.get(status) or HTTP_CODES.get(status, "BAD_REQUEST")
    french = message(BASE_MESSAGES, code, DEFAULT_LANGUAGE, fallback="BAD_REQUEST")
    english = message(BASE_MESSAGES, code, "en", fallback="BAD_REQUEST")
    body = json.dumps({"code": code, "message": f"{french} / {english}", "details": {}},
                      ensure_ascii=False).encode("utf-8")
    reason = "".join(ch for ch in reason if 32 <= ord(ch) < 127) or "Error"
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error's signature; `mesg` (built from the request) is not echoed."""
    from gunicorn import util

    util.write_nonblock(sock, error_bytes(int(status_int), str(reason)))


def install() -> None:
    from gunicorn import util

    util.write_error = write_error
