"""The marshmallow schemas say what the JSON Schemas say: same fields, same required set,
and the same verdict on payloads generated around each example."""

import pix_contracts
import pytest
from marshmallow import RAISE, Schema, ValidationError, fields

from .contract_support import (
    FORMAT_CHECKER,
    Draft202012Validator,
    load_json,
    resolve,
    validator,
    variants,
)

# (marshmallow schema, JSON Schema file, a file holding a valid instance, where it sits in it)
PAIRS = [
    (schema, f"events/{name}.v{version}.json", f"examples/{name}.v{version}.json", "data")
    for (name, version), schema in pix_contracts.EVENT_SCHEMAS.items()
] + [
    (pix_contracts.PERSON_SCHEMA, "people/Person.v1.json", "people/examples/Person.v1.json", None),
    (pix_contracts.DEAD_LETTER_SCHEMA, "dlq.v1.json", "dlq.v1.example.json", None),
]
IDS = [pair[1] for pair in PAIRS]


def valid_instance(example_file, member):
    example = load_json(example_file)
    return example[member] if member else example


def object_pairs(schema: Schema, json_schema: dict, root: dict, where="<root>"):
    """Each marshmallow (nested) schema with the JSON Schema object it must mirror."""
    yield where, schema, json_schema
    for name, field in schema.fields.items():
        prop = resolve(json_schema["properties"].get(name, {}), root)
        if isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
            item = (prop.get("prefixItems") or [prop.get("items")])[0]
            yield from object_pairs(field.inner.schema, resolve(item, root), root, f"{where}.{name}[]")
        elif isinstance(field, fields.Nested):
            yield from object_pairs(field.schema, prop, root, f"{where}.{name}")


def marshmallow_accepts(schema_class, payload) -> bool:
    try:
        schema_class().load(payload)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("schema_class, json_file, example, member", PAIRS, ids=IDS)
def test_same_fields_required_and_closedness(schema_class, json_file, example, member):
    root = load_json(json_file)
    pairs = list(object_pairs(schema_class(), root, root))
    assert len(pairs) >= 1
    for where, schema, json_schema in pairs:
        assert set(schema.fields) == set(json_schema["properties"]), where
        required = {name for name, field in schema.fields.items() if field.required}
        assert required == set(json_schema["required"]), where
        assert schema.unknown == RAISE and json_schema["additionalProperties"] is False, where
        nullable = {name for name, field in schema.fields.items() if field.allow_none}
        json_nullable = {
            name for name, prop in json_schema["properties"].items()
            if "null" in str(resolve(prop, root).get("type"))
        }
        assert nullable == json_nullable, where


@pytest.mark.parametrize("schema_class, json_file, example, member", PAIRS, ids=IDS)
def test_both_give_the_same_verdict_on_generated_payloads(schema_class, json_file, example, member):
    root = load_json(json_file)
    json_validator = validator(json_file)
    cases = variants(root, root, valid_instance(example, member))
    assert sum(ok for _, _, ok in cases) >= 3 and sum(not ok for _, _, ok in cases) >= 10
    wrong = []
    for description, payload, expected in cases:
        verdicts = (json_validator.is_valid(payload), marshmallow_accepts(schema_class, payload))
        if verdicts != (expected, expected):
            wrong.append(f"{description}: expected {expected}, json/marshmallow said {verdicts}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("schema_class, json_file, example, member", PAIRS, ids=IDS)
def test_valid_variants_round_trip(schema_class, json_file, example, member):
    root = load_json(json_file)
    for description, payload, expected in variants(root, root, valid_instance(example, member)):
        if expected:
            schema = schema_class()
            assert schema.dump(schema.load(payload)) == payload, description


def test_json_schemas_are_valid_2020_12_and_format_checking_is_on():
    for json_file in IDS + ["events/envelope.v1.json"]:
        Draft202012Validator.check_schema(load_json(json_file))
    # Without rfc3339-validator installed, jsonschema silently skips date-time checks.
    assert not FORMAT_CHECKER.conforms("2024-02-30T08:00:00.000000Z", "date-time")
    assert not FORMAT_CHECKER.conforms("3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a2", "uuid")
