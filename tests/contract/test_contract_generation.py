"""The JSON Schemas in contracts/ are generated from the marshmallow schemas: the committed
files are exactly what `python -m pix_contracts.generate` writes, one per registered
(type, version), and both schemas give the same verdict on payloads around each example
(which is what shows the translation in pix_contracts.jsonschema right)."""

import pytest
from marshmallow import ValidationError
from pix_contracts import generate, registry

from .contract_support import (
    CONTRACTS,
    FORMAT_CHECKER,
    Draft202012Validator,
    load_json,
    validator,
    variants,
)

REGENERATE = f"{generate.COMMAND}, then commit contracts/"

# (marshmallow schema, JSON Schema file, a file holding a valid instance, where it sits in it)
PAIRS = [
    (schema, f"events/{name}.v{version}.json", f"examples/{name}.v{version}.json", "data")
    for (name, version), schema in registry.EVENT_SCHEMAS.items()
] + [
    (registry.PERSON_SCHEMA, "people/Person.v1.json", "people/examples/Person.v1.json", None),
    (registry.DEAD_LETTER_SCHEMA, "dlq.v1.json", "dlq.v1.example.json", None),
]
IDS = [pair[1] for pair in PAIRS]


def test_committed_json_schemas_are_what_generation_writes():
    stale = generate.stale(CONTRACTS)
    assert not stale, f"out of date: {', '.join(stale)}; run {REGENERATE}"


def test_no_schema_file_without_a_marshmallow_source():
    strays = generate.strays(CONTRACTS, generate.rendered(CONTRACTS))
    assert not strays, f"{strays}: no registered schema writes them; remove them or register their schema"


def test_every_registered_version_is_generated():
    written = set(generate.rendered(CONTRACTS))
    assert {generate.event_path(t, v) for t, v in registry.EVENT_SCHEMAS} <= written
    assert {"people/Person.v1.json", "dlq.v1.json"} <= written
    assert len(written) == len(registry.EVENT_SCHEMAS) + 2


def test_check_mode_names_the_stale_file_and_the_command(tmp_path, capsys):
    for path, text in generate.rendered(CONTRACTS).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    (tmp_path / "catalog.yaml").write_text((CONTRACTS / "catalog.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert generate.main(["--check", "--root", str(tmp_path)]) == 0
    (tmp_path / "dlq.v1.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "events" / "Gone.v1.json").write_text("{}\n", encoding="utf-8")
    assert generate.main(["--check", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "out of date: dlq.v1.json" in err and "events/Gone.v1.json" in err and generate.COMMAND in err
    assert generate.main(["--root", str(tmp_path)]) == 0
    assert (tmp_path / "dlq.v1.json").read_text(encoding="utf-8") == generate.rendered(CONTRACTS)["dlq.v1.json"]


def valid_instance(example_file, member):
    example = load_json(example_file)
    return example[member] if member else example


def marshmallow_accepts(schema_class, payload) -> bool:
    try:
        schema_class().load(payload)
    except ValidationError:
        return False
    return True


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
