"""The headers of every call the gateway makes to a service on a client's behalf: the
proxy (proxy.py) and the pages calling the APIs (web/identity.py, the challenges' files).

The caller chooses its own (what the client sent for the proxy; the page's language and
the person's token for the pages); every call then carries the same two things, set here
only: the request ids, so that the service's logs join the gateway's, and the client's
address as the gateway resolved it (ProxyFix's hops) in X-Forwarded-For: identity's login
limit counts the person, not the gateway. Whatever the client wrote in those is dropped.
"""
from __future__ import annotations

from collections.abc import Mapping

from pixkit.web.client import client_address
from pixkit.web.context import CORRELATION_ID_HEADER, REQUEST_ID_HEADER, current_ids

FORWARDED_FOR = "X-Forwarded-For"


def headers(chosen: Mapping[str, str | None]) -> dict[str, str]:
    """`chosen` (a None value: the header is not sent), then the ids and the client's address."""
    out = {name: value for name, value in chosen.items() if value is not None}
    request_id, correlation_id = current_ids()
    if request_id:
        out.update({REQUEST_ID_HEADER: request_id, CORRELATION_ID_HEADER: correlation_id or request_id})
    out[FORWARDED_FOR] = client_address()
    return out


def bearer(token: str | None) -> str | None:
    """The Authorization value for an access token; None (no header) without one."""
    return f"Bearer {token}" if token else None
