"""`GET /api/openapi.json`: one description of the public API, merged from the services.

Each service contributes only the paths the gateway routes to it, so the document shows
what is reachable from outside, with the errors the gateway adds in front (openapi_errors).
A service that does not answer is listed, not fatal.
"""
from __future__ import annotations

import re
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
    exclude_route_words(merged["paths"])
    return merged


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def exclude_route_words(paths: dict[str, Any]) -> None:
    """A path parameter never takes a word another route spells at its place
    (`/api/assessments/{assessment_id}` and `/api/assessments/competences`: an assessment id is
    never "competences", that request is the other route's): each such parameter's schema says
    so (a `pattern` refusing exactly those words), so that a client, or a fuzzer, is not promised
    the wrong answer."""
    shapes = {path: _segments(path) for path in paths}
    for path, segments in shapes.items():
        for index, segment in enumerate(segments):
            if not _is_parameter(segment):
                continue
            words = sorted({other[index] for other_path, other in shapes.items() if other_path != path
                            and len(other) == len(segments) and not _is_parameter(other[index])
                            and all(a == b or _is_parameter(a) or _is_parameter(b)
                                    for i, (a, b) in enumerate(zip(segments, other, strict=True)) if i != index)})
            if words:
                _exclude(paths[path], segment[1:-1], words)


def _exclude(item: dict[str, Any], name: str, words: list[str]) -> None:
    operations = [op for key, op in item.items() if key != "parameters" and isinstance(op, dict)]
    for parameters in [item.get("parameters") or [], *(op.get("parameters") or [] for op in operations)]:
        for parameter in parameters:
            if parameter.get("in") == "path" and parameter.get("name") == name:
                refused = "|".join(re.escape(word) for word in words)
                parameter["schema"] = {**parameter.get("schema", {}), "pattern": f"^(?!(?:{refused})$)"}


def aggregated(service_urls: dict[str, str]):
    wanted = {s: service_urls.get(s) for s in SERVICES}
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        futures = {s: pool.submit(_fetch, url) if url else None for s, url in wanted.items()}
        documents = {s: f.result() if f else None for s, f in futures.items()}
    return jsonify(merge(documents))
