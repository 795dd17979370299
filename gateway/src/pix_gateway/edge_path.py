"""The one path the gateway decides on (docs/adr/0007-gateway-edge.md).

Routing, public access, rate limits, the pages and the forwarded URL all read
`request.path`. That is only safe if nobody downstream reads the request differently: an
HTTP client that collapses `..`, a service that decodes `%2f` into a separator. So a path
is accepted only when it is already in its one normal form, in its raw (still encoded)
spelling as the client sent it and decoded alike; anything else is refused, never repaired.

Refused: dot segments in any spelling (`.`, `..`, `%2e`, `.%2E`, `%252e`…), percent-encoded
characters that need no encoding (normalizers decode them: RFC 3986 §6.2.2.2), an encoded
`/`, `\\` or `%`, a backslash, empty segments (`//`), control characters, malformed escapes
or UTF-8, and a raw form that does not decode to the path the server handed to the app.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# RFC 3986 unreserved characters: encoding them changes nothing but the spelling.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Encoded, these would change the path's structure once someone decodes them.
_STRUCTURAL = frozenset(b"/\\%")
_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")
_ESCAPE_TEXT = re.compile(r"%[0-9A-Fa-f]{2}")
# What the gateway writes unencoded when it forwards: RFC 3986 pchar minus nothing risky.
SAFE_IN_PATH = "/-._~!$&'()*+,;=:@"


@dataclass(frozen=True)
class Refusal:
    reason: str


def raw_path(environ: dict) -> str | None:
    """The request target's path as the client sent it (still percent-encoded): gunicorn's
    RAW_URI, werkzeug's REQUEST_URI; None when the server gives neither."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:
        return None
    if raw.startswith(("http://", "https://")):  # absolute-form target (RFC 9112 §3.2.2)
        return urlsplit(raw).path or "/"
    return raw.split("?", 1)[0]  # a "#" stays: the server cut it off, so decide() refuses the path


def _decode(raw: bytes) -> bytes | Refusal:
    if b"%" in _ESCAPE.sub(b"", raw):
        return Refusal("malformed percent escape")
    out, position = bytearray(), 0
    for match in _ESCAPE.finditer(raw):
        out += raw[position:match.start()]
        byte = int(match.group(1), 16)
        if byte in _UNRESERVED:
            return Refusal("encoded unreserved character")
        if byte in _STRUCTURAL:
            return Refusal("encoded separator or percent sign")
        out.append(byte)
        position = match.end()
    out += raw[position:]
    return bytes(out)


def decide(raw: str, server_path: str) -> str | Refusal:
    """The decided path, or why the request is refused. `raw` is the encoded path the
    client sent; `server_path` the decoded one the server gave the app (request.path)."""
    if not raw.startswith("/"):
        return Refusal("not an origin-form path")
    if any(not 0x21 <= ord(c) <= 0x7E for c in raw):
        return Refusal("raw control, space or non-ASCII character")
    if "\\" in raw:
        return Refusal("backslash")
    decoded = _decode(raw.encode("ascii"))
    if isinstance(decoded, Refusal):
        return decoded
    try:
        path = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal("invalid UTF-8")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in path):
        return Refusal("control or format character")
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments):
        return Refusal("dot segment")
    if any(s == "" for s in segments[:-1]):  # only a trailing slash may end in an empty segment
        return Refusal("empty segment")
    if path != server_path:
        return Refusal("the server decoded the path differently")
    if normalized(path) != path:  # cannot happen after the checks above; kept as the rule itself
        return Refusal("not in normal form")
    return path


def normalized(path: str) -> str:
    """RFC 3986 §5.2.4 dot-segment removal, and empty segments merged: what an HTTP client or
    a proxy may do to a path on the way."""
    out: list[str] = []
    segments = path.split("/")[1:]
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment == ".":
            if last:
                out.append("")
        elif segment == "" and not last:
            continue
        else:
            out.append(segment)
    return "/" + "/".join(out)


def encoded_query(raw: bytes) -> str:
    """The query as the client sent it, with only what may not appear in a URL encoded
    (the services parse it; no routing decision is made on it). Escapes in capitals, as
    urllib3 would write them: what is decided here is what goes on the wire."""
    query = quote(raw, safe="/?:@!$&'()*+,;=%-._~")
    return _ESCAPE_TEXT.sub(lambda m: m.group(0).upper(), query)


def encoded(path: str) -> str:
    """The decided path as the gateway forwards it: every byte that is not a plain path
    character percent-encoded, so that the service decodes exactly `path` again."""
    return quote(path, safe=SAFE_IN_PATH)
