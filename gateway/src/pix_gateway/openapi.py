"""`GET /api/openapi.json`: one description of the public API, merged from the services.

Each service contributes only the paths the gateway routes to it, so the document shows
what is reachable from outside, with the errors the gateway adds in front (openapi_errors).
A service that does not answer is listed, not fatal.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import jsonify

from . import upstream
from .openapi_errors import add_gateway_errors
from .routes import SERVICES, service_for

TIMEOUT = (1.0, 3.0)
COMPONENTS = ("schemas", "responses", "securitySchemes")


def _fetch(url: str) -> dict[str, Any] | None:
    try:
        answer = upstream.get(url, "/openapi.json", timeout=TIMEOUT)
        return answer.json() if answer.ok else None
    except (upstream.UpstreamError, ValueError):
        return None


def merge(documents: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    merged: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "Pix", "version": "v1"},
                              "paths": {}, "components": {kind: {} for kind in COMPONENTS}}
    missing = []
    for service, doc in sorted(documents.items()):
        if doc is None:
            missing.append(service)
            continue
        for path, item in doc.get("paths", {}).items():
            if service_for(path) == service:
                merged["paths"][path] = add_gateway_errors(path, item)
        for kind in COMPONENTS:
            for name, value in doc.get("components", {}).get(kind, {}).items():
                merged["components"][kind].setdefault(name, value)  # same plumbing, same shapes
    if missing:
        merged["x-unavailable-services"] = missing
    return merged


def aggregated(service_urls: dict[str, str]):
    wanted = {s: service_urls.get(s) for s in SERVICES}
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        futures = {s: pool.submit(_fetch, url) if url else None for s, url in wanted.items()}
        documents = {s: f.result() if f else None for s, f in futures.items()}
    return jsonify(merge(documents))
