"""Forwarding a request to the service that owns its path, and streaming the answer back.

One pooled `requests.Session` per thread (gunicorn's gthread workers serve requests on
several threads; a Session is not documented as thread-safe).
"""
from __future__ import annotations

import threading

import requests
from flask import Response, g, request
from pixkit.web.context import CORRELATION_ID_HEADER, REQUEST_ID_HEADER, current_ids
from pixkit.web.errors import DomainError

CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 30.0
CHUNK = 64 * 1024

FORWARDED_REQUEST_HEADERS = ("Content-Type", "Accept", "Accept-Language", "Authorization")
# What the client may see of a service's answer; hop-by-hop headers and the ids (the
# gateway echoes its own, which the service received) stay behind.
FORWARDED_RESPONSE_HEADERS = ("Content-Type", "Content-Length", "Content-Encoding", "Content-Language",
                              "Content-Disposition", "Cache-Control", "ETag", "Last-Modified", "Location",
                              "Retry-After", "Allow", "Vary", "WWW-Authenticate")


class UpstreamUnavailable(DomainError):
    code = "UPSTREAM_UNAVAILABLE"
    http_status = 503


class UpstreamTimeout(DomainError):
    code = "UPSTREAM_TIMEOUT"
    http_status = 504


MESSAGES = {
    "UPSTREAM_UNAVAILABLE": {"fr": "Ce service est momentanément indisponible ; réessayez dans un instant.",
                             "en": "This service is temporarily unavailable; please try again shortly."},
    "UPSTREAM_TIMEOUT": {"fr": "Ce service a mis trop de temps à répondre.",
                         "en": "This service took too long to answer."},
}

_local = threading.local()


def session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def forward(service: str, base_url: str | None) -> Response:
    g.metric_endpoint = f"proxy:{service}"
    if not base_url:
        raise UpstreamUnavailable(details={"service": service})
    request_id, correlation_id = current_ids()
    headers = {name: request.headers[name] for name in FORWARDED_REQUEST_HEADERS if name in request.headers}
    headers.update({REQUEST_ID_HEADER: request_id, CORRELATION_ID_HEADER: correlation_id,
                    "Accept-Encoding": "identity"})  # bytes pass through untouched
    if request.remote_addr:  # the client as the gateway resolved it; what the client wrote is dropped
        headers["X-Forwarded-For"] = request.remote_addr
    url = base_url + request.path + (f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
    try:
        upstream = session().request(request.method, url, data=request.get_data() or None, headers=headers,
                                     timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S), stream=True,
                                     allow_redirects=False)
    except requests.Timeout as exc:
        raise (UpstreamUnavailable if isinstance(exc, requests.ConnectTimeout) else UpstreamTimeout)(
            details={"service": service}) from exc
    except requests.RequestException as exc:
        raise UpstreamUnavailable(details={"service": service}) from exc
    kept = {name: upstream.headers[name] for name in FORWARDED_RESPONSE_HEADERS if name in upstream.headers}
    response = Response(upstream.raw.stream(CHUNK, decode_content=False), status=upstream.status_code,
                        headers=kept, direct_passthrough=True)
    response.call_on_close(upstream.close)
    return response
