"""Every HTTP call from the gateway to a service goes through here (proxy, pages, /ready,
the aggregated OpenAPI): one urllib3 connection pool per service and source address,
shared by the worker's threads (a pool is thread-safe), used bare. No environment lookups
(proxies, .netrc, CA bundles), no cookies, no redirects followed, no automatic retries,
no request preparation: those cost about half the gateway's CPU per request when it went
through requests (docs/adr/0013-gateway-upstream-client.md).

Two guarantees (docs/adr/0007-gateway-edge.md):
- the request line carries exactly the target the gateway decided on: it must already be
  in its one encoded form (`SENDABLE`), which the pool sends unchanged; anything else is
  refused (TargetChanged), never repaired;
- the connection leaves from PIX_GATEWAY_SOURCE_ADDRESS when set. Services trust
  X-Forwarded-For only from their configured proxies (pixkit.web.client); locally every
  process is on loopback, so the gateway leaves from 127.0.0.2 and an outsider calling a
  service's port from 127.0.0.1 is not taken for the gateway.

Kept-alive connections: a service that restarted (or closed an idle connection) must not
cost a request. A pooled connection the service has closed is noticed before it is used
(urllib3 checks the socket), one idle longer than the services keep it (gunicorn's
keepalive, pixkit.web.serving) is not used at all, and a request that still met a closed
connection is sent once more only when its method changes nothing (GET, HEAD, OPTIONS): a
POST, PUT or DELETE is never sent twice.
"""
from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from urllib3 import HTTPConnectionPool, Timeout
from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse

_config: dict[str, str | None] = {"source_address": None}
_pools: dict[tuple[str, str | None], HTTPConnectionPool] = {}
_pools_lock = threading.Lock()

POOL_SIZE = 16  # connections kept per service and process (gunicorn runs 8 threads per worker)
IDLE_LIMIT_S = 3.0  # below the services' keepalive (5 s): they never close one we are about to use
# Sent once more after a connection lost before any answer: only the methods that change
# nothing (a PUT or DELETE the service did run would append its events a second time).
SAFE_TO_RESEND = frozenset({"GET", "HEAD", "OPTIONS"})
# An origin-form target already encoded: RFC 3986 pchars, upper-case escapes, one query, no
# fragment. urllib3 sends such a target as it is (it only re-encodes what is outside it).
SENDABLE = re.compile(r"/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*"
                      r"(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-F]{2})*)?")


class UpstreamError(Exception):
    """The service could not be reached or did not answer in time."""


class Unreachable(UpstreamError):
    """No connection (refused, connect timeout) or one lost before an answer."""


class TimedOut(UpstreamError):
    """Connected, but the answer did not come within the read timeout."""


class TargetChanged(RuntimeError):
    """The HTTP client would have sent another target than the one decided on."""


class _Pool(HTTPConnectionPool):
    """A pool that does not reuse a connection idle for longer than IDLE_LIMIT_S."""

    def _put_conn(self, conn) -> None:
        if conn is not None:
            conn.pix_idle_since = time.monotonic()
        super()._put_conn(conn)

    def _get_conn(self, timeout: float | None = None):
        conn = super()._get_conn(timeout)
        idle_since = getattr(conn, "pix_idle_since", None)
        if idle_since is not None and time.monotonic() - idle_since > IDLE_LIMIT_S:
            conn.close()  # reopened on its next request
        return conn


class Reply:
    """A service's answer: status and headers at once, the body read or streamed on demand."""

    def __init__(self, raw: BaseHTTPResponse) -> None:
        self.raw = raw
        self.status_code = raw.status
        self.headers = raw.headers  # case-insensitive

    @property
    def ok(self) -> bool:
        return self.status_code < 400

    @property
    def content(self) -> bytes:
        return self.raw.data

    def json(self) -> Any:
        return json.loads(self.content)

    def stream(self, chunk: int, *, decode: bool = False) -> Iterator[bytes]:
        """The body as it arrives; `decode` undoes a Content-Encoding."""
        return self.raw.stream(chunk, decode_content=decode)

    def raise_for_status(self) -> None:
        if not self.ok:
            raise UpstreamError(f"answered {self.status_code}")

    def close(self) -> None:
        if not self.raw.isclosed():
            self.raw.close()  # a body left unread: that connection cannot carry another request
        self.raw.release_conn()  # its pool slot back (a closed connection reopens when next used)


def configure(source_address: str | None) -> None:
    _config["source_address"] = source_address or None


def source_address() -> str | None:
    return _config["source_address"]


def pool(base_url: str) -> HTTPConnectionPool:
    key = (base_url, source_address())
    found = _pools.get(key)
    if found is None:
        with _pools_lock:
            found = _pools.get(key) or _new_pool(*key)
            _pools[key] = found
    return found


def _new_pool(base_url: str, source: str | None) -> HTTPConnectionPool:
    address = urlsplit(base_url)
    if address.scheme != "http" or address.path not in ("", "/"):
        raise ValueError(f"a service's base URL is http://host:port, not {base_url!r}")
    return _Pool(address.hostname, address.port or 80, maxsize=POOL_SIZE, block=False, retries=False,
                 source_address=(source, 0) if source else None)


def request(method: str, base_url: str, target: str, *, headers: Mapping[str, str] | None = None,
            data: bytes | None = None, json_body: Any = None, timeout: tuple[float, float] = (2.0, 30.0),
            stream: bool = False) -> Reply:
    """`target` is the encoded path (and query) to send as is; `timeout` is (connect, read)
    in seconds. With `stream`, the body is
    read as the caller iterates (Reply.stream) and the caller closes the Reply."""
    if not SENDABLE.fullmatch(target):
        raise TargetChanged(f"{target!r} is not a target the client would send unchanged")
    sent_headers = dict(headers or {})
    if json_body is not None:
        data = json.dumps(json_body, allow_nan=False).encode()
        sent_headers.setdefault("Content-Type", "application/json")
    limits = Timeout(connect=timeout[0], read=timeout[1])
    attempts = 2 if method in SAFE_TO_RESEND else 1
    for attempt in range(1, attempts + 1):
        try:
            raw = pool(base_url).urlopen(method, target, body=data, headers=sent_headers, timeout=limits,
                                         retries=False, redirect=False, preload_content=not stream,
                                         decode_content=False, assert_same_host=False)
            return Reply(raw)
        except ReadTimeoutError as exc:
            raise TimedOut(f"{method} {base_url}{target}: {exc}") from exc
        except ProtocolError as exc:  # the connection went away before the answer
            if attempt == attempts:
                raise Unreachable(f"{method} {base_url}{target}: {exc}") from exc
        except HTTPError as exc:  # refused, connect timeout, malformed answer
            raise Unreachable(f"{method} {base_url}{target}: {exc}") from exc
    raise AssertionError("unreachable: the loop returns or raises")


def get(base_url: str, target: str, **kwargs: Any) -> Reply:
    return request("GET", base_url, target, **kwargs)
