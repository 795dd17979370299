"""Cheap checks that a dependency answers, each bounded by a short timeout (for /ready).

A check is a callable that returns when the dependency answers and raises otherwise.
"""
from __future__ import annotations

import socket
import struct
from collections.abc import Callable

import pymongo

from pixkit.settings import Settings

from . import mongo

Check = Callable[[], None]

_CORRELATION_ID = 0x5049_5801
# Kafka ApiVersions v0 (api key 18), request header v1, client id "pix-ready". Every broker
# version answers it, even one that no longer supports v0 (it then says so in the reply),
# and it needs no cluster metadata: a broker that answers is up.
_CLIENT_ID = b"pix-ready"
_HEADER = struct.pack(">hhih", 18, 0, _CORRELATION_ID, len(_CLIENT_ID)) + _CLIENT_ID
API_VERSIONS_REQUEST = struct.pack(">i", len(_HEADER)) + _HEADER


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(missing)
        if not chunk:
            raise ConnectionError("connection closed by the broker")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def kafka_answers(bootstrap: str, timeout: float = 2.0) -> None:
    """Returns when one bootstrap server answers an ApiVersions request."""
    failures = []
    for server in (s.strip() for s in bootstrap.split(",") if s.strip()):
        host, _, port = server.split("://")[-1].rpartition(":")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as sock:
                sock.settimeout(timeout)
                sock.sendall(API_VERSIONS_REQUEST)
                (size,) = struct.unpack(">i", _read_exactly(sock, 4))
                reply = _read_exactly(sock, min(size, 1 << 16))
            if struct.unpack(">i", reply[:4])[0] != _CORRELATION_ID:
                raise ConnectionError("unexpected reply")
            return
        except (OSError, ValueError, struct.error) as exc:
            failures.append(f"{server}: {type(exc).__name__}")
    raise ConnectionError("; ".join(failures) or "no bootstrap server configured")


def store_check(settings: Settings, timeout: float = 2.0) -> Check:
    def check() -> None:
        with pymongo.timeout(timeout):
            mongo.get_client(settings.mongo_uri).admin.command("ping")
    return check


def broker_check(settings: Settings, timeout: float = 2.0) -> Check:
    return lambda: kafka_answers(settings.kafka_bootstrap, timeout)


def default_checks(settings: Settings) -> dict[str, Check]:
    return {"store": store_check(settings), "broker": broker_check(settings)}
