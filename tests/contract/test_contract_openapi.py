"""Every service's OpenAPI document promises each answer it can give, and nothing blanket.

Walks the documents that the services serve at /openapi.json (built from the code, no store
needed) and the gateway's merge of them (/api/openapi.json): every operation documents its
success responses with a schema (204 alone has no body), its errors with the shared error
schema, the errors of the plumbing and the gateway, and no `default` response, which would
let a client or a fuzzer take any surprise as promised.
"""
from __future__ import annotations

import pytest
from pix_gateway import openapi, security

from .openapi_documents import SERVICES, service_documents

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return service_documents()


@pytest.fixture(scope="module")
def merged(documents) -> dict:
    return openapi.merge(documents)


def operations(document: dict):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(document: dict, node: dict) -> dict:
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = document["components"][kind][name]
    return node


def problems_of(document: dict) -> list[str]:
    found = []
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        responses = {str(status): resolve(document, answer) for status, answer in operation["responses"].items()}
        if "default" in responses:
            found.append(f"{where}: a blanket default response")
        successes = {s: a for s, a in responses.items() if s.startswith("2")}
        if not successes:
            found.append(f"{where}: no success response")
        for status, answer in successes.items():
            content = answer.get("content", {})
            if status == "204":
                if content:
                    found.append(f"{where}: a 204 with a body")
            elif not content or not all("schema" in media for media in content.values()):
                found.append(f"{where}: {status} without a schema")
        for status, answer in responses.items():
            if status[0] in "45":
                schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
                if schema.get("$ref") != ERROR_REF:
                    found.append(f"{where}: {status} without the error schema")
        expected = {"413", "503"} | ({"400", "415"} if method in ("post", "put", "patch") else set()) \
            | ({"404"} if "{" in path else set()) | ({"401"} if operation.get("security") else set())
        if missing := expected - set(responses):
            found.append(f"{where}: the plumbing's {sorted(missing)} undocumented")
    return found


def test_the_walk_finds_what_it_is_meant_to_find():
    # The test below would pass on anything if problems_of saw nothing: show it sees each fault.
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    bad = {"openapi": "3.0.3", "components": {"schemas": {}}, "paths": {"/x/{id}": {
        "get": {"responses": {"200": {"description": "no schema"}, "default": ok}},
        "post": {"security": [{"bearerAuth": []}],
                 "responses": {"201": ok, "409": {"description": "no body"}}}}}}
    found = problems_of(bad)
    assert "GET /x/{id}: a blanket default response" in found
    assert "GET /x/{id}: 200 without a schema" in found
    assert "POST /x/{id}: 409 without the error schema" in found
    assert "POST /x/{id}: the plumbing's ['400', '401', '404', '413', '415', '503'] undocumented" in found


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_of_every_service_documents_its_answers(documents, service):
    assert problems_of(documents[service]) == []


def test_the_gateway_document_adds_its_own_errors_and_loses_nothing(documents, merged):
    assert problems_of(merged) == []
    served = {(path, method) for doc in documents.values() for path, method, _ in operations(doc)}
    assert {(path, method) for path, method, _ in operations(merged)} == served
    assert len(served) >= 24
    for path, method, operation in operations(merged):
        responses = operation["responses"]
        assert {"503", "504"} <= set(responses), (method, path)
        if "{" in path:
            assert "INVALID_PATH" in responses["400"]["description"], (method, path)
        if any(method.upper() == m and test(path) for m, test in security.LIMITED_ROUTES.values()):
            assert "429" in responses, (method, path)


def test_a_route_needs_a_token_exactly_where_the_gateway_asks_for_one(merged):
    # `@authenticated` in a service and the gateway's PUBLIC_ROUTES say the same thing.
    for path, method, operation in operations(merged):
        guarded = not security.is_public(method.upper(), path)
        assert bool(operation.get("security")) == guarded, (method, path)
        if guarded:
            assert "401" in operation["responses"], (method, path)
    assert merged["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_services_agree_on_every_shared_component(documents):
    # The merge keeps the first of two components with one name: they must be the same.
    seen: dict[tuple[str, str], tuple[str, object]] = {}
    for service, doc in documents.items():
        for kind, named in doc.get("components", {}).items():
            for name, value in named.items():
                first = seen.setdefault((kind, name), (service, value))
                assert first[1] == value, f"{kind}/{name} differs in {first[0]} and {service}"


def test_every_reference_resolves(merged):
    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(merged, node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(merged["paths"])
