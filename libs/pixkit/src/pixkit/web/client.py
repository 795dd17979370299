"""Who is calling: the one way every Pix process reads a client's address.

X-Forwarded-For is anyone's to write. It is believed only when the peer (the TCP
connection's address) is one of PIX_TRUSTED_PROXIES: addresses or CIDRs, comma-separated,
the gateway's addresses for a service (127.0.0.2 locally; the pod network in Kubernetes,
where network policies let only the gateway reach the web ports). Then the last hop is
the client, as the proxy wrote it; otherwise the peer itself is the client.

The gateway leaves PIX_TRUSTED_PROXIES empty: its peer is already resolved by ProxyFix
from PIX_TRUSTED_PROXY_HOPS (the ingress), so this returns that address.
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from functools import lru_cache

from flask import has_request_context, request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"


@lru_cache(maxsize=8)
def parse_trusted(raw: str) -> tuple[Network, ...]:
    """`"127.0.0.2, 10.0.0.0/8"` → networks; an entry that is not an address is an error
    (a typo must not silently trust nobody, or everybody)."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in raw.split(",") if item.strip())


def trusted_proxies(env: Mapping[str, str] | None = None) -> tuple[Network, ...]:
    env = os.environ if env is None else env
    return parse_trusted(env.get("PIX_TRUSTED_PROXIES", ""))


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def resolve(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The client's address from the peer and the X-Forwarded-For header."""
    peer_address = _address(peer)
    if peer_address is None:
        return peer or UNKNOWN
    if forwarded_for and any(peer_address in network for network in trusted):
        last = _address(forwarded_for.split(",")[-1])
        if last is not None:
            return str(last)
    return str(peer_address)


def client_address(env: Mapping[str, str] | None = None) -> str:
    """The current request's client address (see the module's docstring)."""
    if not has_request_context():
        return UNKNOWN
    return resolve(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted_proxies(env))
