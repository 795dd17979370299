"""`/health` says the process serves requests; `/ready` says its dependencies answer.

An orchestrator restarts a process that fails /health and stops sending traffic to one
that fails /ready, so /health checks nothing external (a broker outage must not restart
every pod) and /ready runs its checks in parallel, each within its own short timeout.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, jsonify

from .error_handlers import error_response
from .probes import Check

log = logging.getLogger("pix.health")


def run_checks(checks: dict[str, Check]) -> dict[str, str]:
    if not checks:
        return {}

    def outcome(check: Check) -> str:
        try:
            check()
            return "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the name says which
            return f"failed: {type(exc).__name__}"

    with ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="ready") as pool:
        futures = {name: pool.submit(outcome, check) for name, check in checks.items()}
        return {name: future.result() for name, future in futures.items()}


def install(app: Flask, checks: dict[str, Check]) -> None:
    def health():
        return jsonify(status="ok")

    def ready():
        results = run_checks(checks)
        failed = sorted(name for name, result in results.items() if result != "ok")
        if failed:
            log.warning("not ready: %s", results)
            return error_response(503, "NOT_READY", {"failed": failed, "checks": results})
        return jsonify(status="ready", checks=results)

    app.add_url_rule("/health", "health", health, methods=["GET"])
    app.add_url_rule("/ready", "ready", ready, methods=["GET"])
