"""Request metrics, the access log line and `/metrics` (Prometheus).

Under gunicorn each worker is its own process: with PROMETHEUS_MULTIPROC_DIR set, every
process writes its samples to files there and `/metrics` sums them on a fresh registry
(prometheus_client's multiprocess mode); without it, the default registry is used.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping

from flask import Flask, Response, g, request
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, start_http_server
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from pixkit.metrics import HTTP_REQUESTS, HTTP_SECONDS

access_log = logging.getLogger("pix.access")


def endpoint_label() -> str:
    """The route template, never the raw path: raw paths would make one series per id."""
    override = g.get("metric_endpoint")
    if override:
        return override
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def _record(service: str, response: Response) -> Response:
    elapsed = time.perf_counter() - g.get("started", time.perf_counter())
    endpoint = endpoint_label()
    HTTP_REQUESTS.labels(service, request.method, endpoint, str(response.status_code)).inc()
    HTTP_SECONDS.labels(service, endpoint).observe(elapsed)
    access_log.info("%s %s %d", request.method, request.path, response.status_code,
                    extra={"fields": {"method": request.method, "path": request.path, "endpoint": endpoint,
                                      "status": response.status_code, "duration_ms": round(elapsed * 1000, 1)}})
    return response


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        fresh = CollectorRegistry()
        multiprocess.MultiProcessCollector(fresh)  # reads every process's files at each scrape
        return fresh
    return REGISTRY


def metrics_response() -> Response:
    return Response(generate_latest(registry()), headers={"Content-Type": CONTENT_TYPE_LATEST})


def serve_worker_metrics(env: Mapping[str, str] | None = None) -> int | None:
    """A worker has no web app; with PIX_METRICS_PORT set it serves /metrics there (relay
    and consumer counters, dead letters, handler times). Returns the port, if any."""
    env = os.environ if env is None else env
    port = env.get("PIX_METRICS_PORT")
    if not port:
        return None
    start_http_server(int(port), addr=env.get("PIX_METRICS_ADDR", "127.0.0.1"), registry=registry())
    return int(port)


def install_metrics(app: Flask, service: str) -> None:
    app.after_request(lambda response: _record(service, response))
    app.add_url_rule("/metrics", "metrics", metrics_response, methods=["GET"])
