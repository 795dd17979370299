"""Every example is a whole valid message: envelope, payload, key, and it loads in Python."""

import json

import pytest
from pix_contracts import registry

from .contract_support import CONTRACTS, load_json, validator

EXAMPLES = sorted(p.name for p in (CONTRACTS / "examples").glob("*.json"))
PERSONAL_FIELDS = {"first_name", "last_name", "name", "email", "birthdate", "birth_date",
                   "student_number", "phone", "address"}
# Where these names are an institution's, not a person's: a certification center's name and
# address (its request's), a session's address (where it takes place).
INSTITUTION_FIELDS = {
    "AccreditationRequested.v1.json": {"address"},
    "CenterAccredited.v1.json": {"name", "address"},
    "SessionCreated.v1.json": {"address"},
    "SessionDetailsUpdated.v1.json": {"address"},
}


def test_every_event_type_has_an_example():
    assert {f"{t}.v{v}.json" for t, v in registry.EVENT_SCHEMAS} <= set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_is_a_valid_envelope_and_payload(name, catalog):
    example = load_json(f"examples/{name}")
    type_name, version = name.removesuffix(".json").split(".v")
    assert (example["type"], example["schema_version"]) == (type_name, int(version))
    validator("events/envelope.v1.json").validate(example)
    validator(f"events/{type_name}.v{version}.json").validate(example["data"])
    entry = catalog["events"][type_name]
    assert example["source"] == entry["producer"]
    assert example["key"] == example["data"][entry["key"]]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_data_loads_and_dumps_back_unchanged(name):
    example = load_json(f"examples/{name}")
    schema = registry.schema_for(example["type"], example["schema_version"])()
    loaded = schema.load(example["data"])
    assert json.dumps(schema.dump(loaded)) == json.dumps(example["data"])  # same order too
    assert registry.validate_data(example["type"], example["schema_version"], example["data"]) == loaded


def test_person_and_dead_letter_examples(catalog):
    person = load_json(catalog["people"]["versions"][1]["example"])
    validator(catalog["people"]["versions"][1]["schema"]).validate(person)
    assert registry.validate_person(person) == person
    letter = load_json(catalog["dead_letters"]["versions"][1]["example"])
    validator(catalog["dead_letters"]["versions"][1]["schema"]).validate(letter)
    assert registry.validate_dead_letter(letter) == letter


@pytest.mark.parametrize("broken", [
    {"id": "0b9e4f4c-2f7a-1c1d-8e3b-5a6f7d8c9e01"},  # a v1 UUID, not v4
    {"position": 0},
    {"schema_version": 0},
    {"source": "gateway"},
    {"occurred_at": "2024-09-02T08:15:30.123456+00:00"},
    {"stream": "user:1"},
    {"stream": "user-1\n"},
    {"type": "UserRegistered\n"},
    {"key": ""},
    {"meta": {"correlation_id": None, "causation_id": None}},
    {"meta": {"correlation_id": None, "causation_id": None, "actor": None, "ip": "1.2.3.4"}},
    {"topic": "pix.identity.events"},
])
def test_envelope_schema_refuses(broken):
    example = {**load_json("examples/UserRegistered.v1.json"), **broken}
    assert not validator("events/envelope.v1.json").is_valid(example)


def test_event_payloads_carry_no_personal_data():
    def names(schema):
        if isinstance(schema, dict):
            yield from schema.get("properties", {})
            for value in schema.values():
                yield from names(value)
        elif isinstance(schema, list):
            for value in schema:
                yield from names(value)

    for path in (CONTRACTS / "events").glob("*.json"):
        found = set(names(json.loads(path.read_text()))) & PERSONAL_FIELDS - INSTITUTION_FIELDS.get(path.name, set())
        assert not found, f"{path.name}: {found} (personal data goes to pix.identity.people)"
    assert {"first_name", "email"} <= set(names(load_json("people/Person.v1.json")))
