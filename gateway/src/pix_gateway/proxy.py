"""Forwarding a request to the service that owns its path, and streaming the answer back.

The target sent is the path the edge decided on (edge.py), encoded by the gateway itself,
through upstream.py's pools (exact target, the gateway's source address).
"""
from __future__ import annotations

from flask import Response, g, request
from pixkit.errors import DomainError

from . import edge_path, outbound, upstream

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


class UpstreamTimeout(DomainError):
    code = "UPSTREAM_TIMEOUT"


MESSAGES = {
    "UPSTREAM_UNAVAILABLE": {"fr": "Ce service est momentanément indisponible ; réessayez dans un instant.",
                             "en": "This service is temporarily unavailable; please try again shortly."},
    "UPSTREAM_TIMEOUT": {"fr": "Ce service a mis trop de temps à répondre.",
                         "en": "This service took too long to answer."},
}


def forward(service: str, base_url: str | None) -> Response:
    g.metric_endpoint = f"proxy:{service}"
    if not base_url:
        raise UpstreamUnavailable(details={"service": service})
    headers = outbound.headers({**{name: request.headers.get(name) for name in FORWARDED_REQUEST_HEADERS},
                                "Accept-Encoding": "identity"})  # bytes pass through untouched
    target = edge_path.encoded(request.path)
    if request.query_string:
        target += "?" + edge_path.encoded_query(request.query_string)
    try:
        answer = upstream.request(request.method, base_url, target, data=request.get_data() or None,
                                  headers=headers, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S), stream=True)
    except upstream.TimedOut as exc:
        raise UpstreamTimeout(details={"service": service}) from exc
    except upstream.Unreachable as exc:
        raise UpstreamUnavailable(details={"service": service}) from exc
    kept = {name: answer.headers[name] for name in FORWARDED_RESPONSE_HEADERS if name in answer.headers}
    response = Response(answer.stream(CHUNK), status=answer.status_code,
                        headers=kept, direct_passthrough=True)
    response.call_on_close(answer.close)
    return response
