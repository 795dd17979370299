"""pix_contracts.jsonschema: what it writes for each kind of field, and that it refuses to
write a schema it cannot translate (a rule that would silently vanish for consumers)."""

import pytest
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate
from pix_contracts.jsonschema import NoJsonSchemaForm, def_name, document
from pix_contracts.schemas._fields import Integer, Timestamp, Uuid, matching

from .contract_support import FORMAT_CHECKER, Draft202012Validator


class Item(Schema):
    class Meta:
        unknown = RAISE
        description = "One item."

    n = Integer(required=True, validate=validate.Range(min=1, max=3, max_inclusive=False))


class Sample(Schema):
    class Meta:
        unknown = RAISE
        description = "Not written: the caller gives the document's description."

    id = Uuid(required=True)
    maybe_id = Uuid(required=True, allow_none=True)
    described_at = Timestamp(required=True, metadata={"description": "When."})
    colour = fields.String(validate=validate.OneOf(("red", "blue")), allow_none=True)
    code = fields.String(required=True, validate=[validate.Length(min=2, max=5), matching("^[a-z]+$(?!\\n)", "no")])
    fixed = fields.String(required=True, validate=validate.Equal("x"))
    items = fields.List(fields.Nested(Item), required=True, validate=validate.Length(equal=2),
                        metadata={"description": "Two items.", "contentMediaType": "application/json"})
    single = fields.Nested(Item, required=True, allow_none=True)


def built() -> dict:
    return document(Sample, "Sample v1", "The sample.")


def test_document_head_and_object_keywords():
    schema = built()
    assert list(schema)[:4] == ["$schema", "$comment", "title", "description"]
    assert schema["$comment"].startswith(f"Generated from {__name__}.Sample by python -m pix_contracts.generate")
    assert (schema["title"], schema["description"]) == ("Sample v1", "The sample.")
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["required"] == ["id", "maybe_id", "described_at", "code", "fixed", "items", "single"]
    Draft202012Validator.check_schema(schema)


def test_declared_fields_are_shared_defs_unless_nullable_or_described():
    props, defs = built()["properties"], built()["$defs"]
    assert props["id"] == {"$ref": "#/$defs/uuid"}
    assert defs["uuid"]["format"] == "uuid" and defs["uuid"]["type"] == "string"
    assert props["maybe_id"]["type"] == ["string", "null"] and props["maybe_id"]["pattern"] == defs["uuid"]["pattern"]
    assert props["described_at"]["description"] == "When." and props["described_at"]["format"] == "date-time"
    assert "timestamp" not in defs


def test_validators_translate():
    props = built()["properties"]
    assert props["colour"] == {"type": ["string", "null"], "enum": ["red", "blue", None]}
    assert props["code"] == {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+$(?!\\n)"}
    assert props["fixed"] == {"type": "string", "const": "x"}
    assert props["items"] == {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 2, "maxItems": 2,
                              "description": "Two items.", "contentMediaType": "application/json"}


def test_nested_objects_in_place_and_list_items_as_defs():
    schema = built()
    assert schema["$defs"]["item"]["description"] == "One item."
    assert schema["$defs"]["item"]["properties"]["n"] == {"type": "integer", "minimum": 1, "exclusiveMaximum": 3}
    assert schema["properties"]["single"]["type"] == ["object", "null"]
    assert schema["properties"]["single"]["properties"] == schema["$defs"]["item"]["properties"]


def test_the_generated_schema_agrees_with_marshmallow_on_a_few_payloads():
    good = {"id": "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23", "maybe_id": None,
            "described_at": "2024-09-02T08:15:30.123456Z", "code": "abc", "fixed": "x",
            "items": [{"n": 1}, {"n": 2}], "single": None}
    bad = [{**good, "items": [{"n": 3}, {"n": 1}]}, {**good, "code": "ABC"}, {**good, "colour": "green"},
           {**good, "fixed": "y"}, {**good, "extra": 1}, {**good, "described_at": "2024-02-30T08:15:30.123456Z"}]
    json_validator = Draft202012Validator(built(), format_checker=FORMAT_CHECKER)
    assert json_validator.is_valid(good) and Sample().load(good)
    for payload in bad:
        assert not json_validator.is_valid(payload), payload
        with pytest.raises(ValidationError):
            Sample().load(payload)


def test_a_validator_without_a_json_schema_form_stops_generation():
    class Odd(Schema):
        n = Integer(required=True, validate=lambda n: n % 2 == 1)

    with pytest.raises(NoJsonSchemaForm, match=r"Odd\.n: validator"):
        document(Odd, "Odd v1", "")


def test_a_validator_states_its_own_form():
    class IsOdd(validate.Validator):
        def __call__(self, value):
            return value

        def json_schema(self, keywords):
            return {**keywords, "not": {"multipleOf": 2}}

    class Odd(Schema):
        n = Integer(required=True, validate=IsOdd())

    assert document(Odd, "Odd v1", "")["properties"]["n"] == {"type": "integer", "not": {"multipleOf": 2}}


def test_open_schemas_and_validating_metadata_are_refused():
    class Open(Schema):
        class Meta:
            unknown = EXCLUDE

        n = Integer()

    class Sneaky(Schema):
        n = Integer(metadata={"maximum": 3})  # would be written, but marshmallow would not check it

    with pytest.raises(NoJsonSchemaForm, match="closed"):
        document(Open, "Open v1", "")
    with pytest.raises(NoJsonSchemaForm, match="maximum"):
        document(Sneaky, "Sneaky v1", "")


def test_def_names():
    assert def_name(Item) == "item"
    assert [def_name(type(name, (Schema,), {})) for name in ("KnowledgeElementData", "CompetenceSchema")] == [
        "knowledge_element", "competence"]


def test_two_shapes_under_one_defs_name_are_refused():
    class Other(Schema):  # def_name "other", like OtherData below, but another shape
        n = Integer()

    class OtherData(Schema):
        m = Integer()

    class Both(Schema):
        a = fields.List(fields.Nested(Other))
        b = fields.List(fields.Nested(OtherData))

    class Again(Schema):
        a = fields.List(fields.Nested(Other))
        b = fields.List(fields.Nested(Other))

    with pytest.raises(NoJsonSchemaForm, match="'other'"):
        document(Both, "Both v1", "")
    assert document(Again, "Again v1", "")["properties"]["b"]["items"] == {"$ref": "#/$defs/other"}
