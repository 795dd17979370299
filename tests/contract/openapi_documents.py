"""The OpenAPI documents as the code makes them: each service's /openapi.json (no store or
broker needed to build one) and the gateway's merge of them, which /api/openapi.json serves."""
from __future__ import annotations

import importlib

from pix_gateway import openapi
from pixkit.settings import Settings

SERVICES = ("identity", "assessment", "profile", "sharing", "certification")


def service_document(service: str) -> dict:
    http = importlib.import_module(f"pix_{service}.entrypoints.http")
    settings = Settings(service=service, kafka_bootstrap="127.0.0.1:1", mongo_uri="mongodb://127.0.0.1:1",
                        testing=True)
    app = http.create_app(settings, service_container=object(), ready_checks={})
    answer = app.test_client().get("/openapi.json")
    assert answer.status_code == 200
    return answer.get_json()


def service_documents() -> dict[str, dict]:
    return {service: service_document(service) for service in SERVICES}


def public_document() -> dict:
    return openapi.merge(service_documents())
