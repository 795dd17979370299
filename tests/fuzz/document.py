"""What the fuzz tier checks: the public document, as schemathesis reads it, and the checks.

The document is the gateway's /api/openapi.json built from the code at collection time
(schemathesis's lazy loading from a fixture does not run under this pytest); the tier's first
test shows it is exactly the one the running gateway serves."""
from __future__ import annotations

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ..contract.openapi_documents import public_document

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

DOCUMENT = public_document()
public_api = schemathesis.openapi.from_dict(DOCUMENT)


def documented_operations() -> set[str]:
    return {f"{method.upper()} {path}" for path, item in DOCUMENT["paths"].items() for method in item
            if method != "parameters"}
