"""One MongoClient per process and URI, made on first use.

pymongo clients hold sockets and monitor threads that do not survive a fork, so nothing
here runs at import time: under gunicorn the client is made in the worker that uses it.
The pid in the key keeps a forked child from ever reusing its parent's client.
"""
from __future__ import annotations

import os
import threading

from pymongo import MongoClient
from pymongo.database import Database

from pixkit.command_census import listeners
from pixkit.settings import Settings

_clients: dict[tuple[int, str], MongoClient] = {}
_lock = threading.Lock()

# A request must fail fast when the store is away rather than hang the caller (and the
# gateway in front of it) for pymongo's default 30 s.
CLIENT_OPTIONS = {"serverSelectionTimeoutMS": 5000, "connectTimeoutMS": 3000}


def get_client(uri: str) -> MongoClient:
    key = (os.getpid(), uri)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = MongoClient(uri, event_listeners=listeners(), **CLIENT_OPTIONS)
    return client


def database(settings: Settings) -> Database:
    return get_client(settings.mongo_uri)[settings.db_name]


def close_all() -> None:
    """For tests and orderly shutdowns."""
    with _lock:
        for (pid, _), client in list(_clients.items()):
            if pid == os.getpid():  # a parent's client is not ours to close
                client.close()
        _clients.clear()
