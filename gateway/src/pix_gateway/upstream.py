"""Every HTTP call from the gateway to a service goes through here (proxy, pages, /ready,
the aggregated OpenAPI): one pooled `requests.Session` per thread (gunicorn's gthread
workers serve requests on several threads; a Session is not documented as thread-safe).

Two guarantees (docs/adr/0007-gateway-edge.md):
- the request line carries exactly the target the gateway decided on: requests would run
  the URL through urllib3's dot-segment removal, so the prepared URL is set back to ours
  and checked;
- the connection leaves from PIX_GATEWAY_SOURCE_ADDRESS when set. Services trust
  X-Forwarded-For only from their configured proxies (pixkit.web.client); locally every
  process is on loopback, so the gateway leaves from 127.0.0.2 and an outsider calling a
  service's port from 127.0.0.1 is not taken for the gateway.
"""
from __future__ import annotations

import threading
from typing import Any

import requests
from requests.adapters import HTTPAdapter

_local = threading.local()
_config = {"source_address": None}


class SourceAddressAdapter(HTTPAdapter):
    """Binds every pooled connection to one local address (any free port)."""

    def __init__(self, source_address: str | None, **kwargs: Any) -> None:
        self.source_address = source_address
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        if self.source_address:
            pool_kwargs["source_address"] = (self.source_address, 0)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)


def configure(source_address: str | None) -> None:
    _config["source_address"] = source_address or None


def source_address() -> str | None:
    return _config["source_address"]


def session() -> requests.Session:
    wanted = source_address()
    current = getattr(_local, "session", None)
    if current is None or getattr(_local, "source_address", None) != wanted:
        current = requests.Session()
        current.trust_env = False  # no HTTP_PROXY, .netrc or CA bundle from the environment
        adapter = SourceAddressAdapter(wanted)
        current.mount("http://", adapter)
        current.mount("https://", adapter)
        _local.session, _local.source_address = current, wanted
    return current


class TargetChanged(RuntimeError):
    """The HTTP client would have sent another target than the one decided on."""


def request(method: str, base_url: str, target: str, **kwargs: Any) -> requests.Response:
    """`target` is the encoded path (and query) to send as is; `kwargs` are requests'
    (headers, data, json, timeout, stream, allow_redirects)."""
    send_options = {key: kwargs.pop(key) for key in ("timeout", "stream", "allow_redirects") if key in kwargs}
    prepared = session().prepare_request(requests.Request(method, base_url + target, **kwargs))
    prepared.url = base_url + target  # what prepare_url may have normalized
    if prepared.path_url != target:
        raise TargetChanged(f"{target!r} became {prepared.path_url!r}")
    return session().send(prepared, **send_options)


def get(base_url: str, target: str, **kwargs: Any) -> requests.Response:
    return request("GET", base_url, target, **kwargs)
