"""gunicorn settings shared by every web process. A service's gunicorn.conf.py is:

    from pixkit.web.serving import gunicorn_settings
    globals().update(gunicorn_settings("identity"))

Environment: PIX_BIND (host:port), PIX_WEB_WORKERS (processes, default 1:
one process per pod or per local server, scaled by replicas — its threads share the
aggregates it keeps in memory, docs/adr/0015), PIX_WEB_THREADS
(threads per process, default 8), PIX_LOG_LEVEL, PROMETHEUS_MULTIPROC_DIR.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import protocol_errors
from .jsonlog import logging_dict


def on_starting(server) -> None:
    protocol_errors.install()  # before the fork: every worker answers protocol errors as JSON
    # Samples left by the processes of a previous run would be summed with ours.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def gunicorn_settings(service: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if env is None else env
    level = env.get("PIX_LOG_LEVEL", "INFO").upper()
    return {
        "bind": env.get("PIX_BIND", "127.0.0.1:8000"),
        "workers": int(env.get("PIX_WEB_WORKERS", "1")),
        # Threads: a worker waiting on the store (or, for the gateway, on a service) keeps
        # serving other requests; every shared client here is thread-safe.
        "worker_class": "gthread",
        "threads": int(env.get("PIX_WEB_THREADS", "8")),
        "timeout": 60,
        "graceful_timeout": 20,
        "keepalive": 5,
        # The app writes one JSON access line per request itself (with the request id);
        # gunicorn's own is not even built (gunicorn_logging).
        "accesslog": None,
        "logger_class": "pixkit.web.gunicorn_logging.AppWritesAccessLines",
        "errorlog": "-",
        "loglevel": level.lower(),
        "logconfig_dict": logging_dict(service, level),
        "proc_name": f"pix-{service}",
        # Each worker imports and builds the app after the fork (no shared pymongo client).
        "preload_app": False,
        # gunicorn 27's control socket defaults to one path per user: every service on a
        # host would fight for it, and nothing here uses it.
        "control_socket_disable": True,
        "on_starting": on_starting,
        "child_exit": child_exit,
    }
