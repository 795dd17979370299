"""JSON Schema (2020-12) from the marshmallow schemas, which are the source of every contract.

The marshmallow schemas are what the code runs; the JSON Schemas in contracts/ are made from
them by `python -m pix_contracts.generate` for the consumers that do not run Python. So every
rule a schema checks must have a JSON Schema form, or generation stops:

- a field class that owns its validation (Uuid, Timestamp, Skill, …) declares it as
  `JSON_SCHEMA` keywords, and a `JSON_DEF` name when it is shared under `$defs`;
- validate.OneOf, Equal, Range and Length, and `Matching` (a regex), translate directly;
- any other validator has a `json_schema(keywords) -> keywords` method that says how it
  narrows the field; what it cannot say goes into the schema's description.

Text comes from the schemas too: a field's `metadata` holds its annotations (description,
contentEncoding, …) and a schema's `Meta.description` describes the object.
"""
from __future__ import annotations

import re
from typing import Any

from marshmallow import RAISE, Schema, fields, validate

DIALECT = "https://json-schema.org/draft/2020-12/schema"
GENERATED = "Generated from {source} by python -m pix_contracts.generate: edit that schema, not this file."
# Keywords that describe without validating: the only ones a field's metadata may carry.
ANNOTATIONS = ("title", "description", "contentEncoding", "contentMediaType", "examples", "deprecated")
_TYPES = ((fields.Boolean, "boolean"), (fields.Integer, "integer"), (fields.Float, "number"),
          (fields.String, "string"), (fields.List, "array"), (fields.Dict, "object"))


class NoJsonSchemaForm(TypeError):
    """A schema says something this module cannot write in JSON Schema."""


def document(schema_class: type[Schema], title: str, description: str) -> dict[str, Any]:
    """The whole JSON Schema file of one contract (its root is `schema_class`)."""
    defs: dict[str, dict] = {}
    root = _object(schema_class(), defs)
    root.pop("description", None)
    source = f"{schema_class.__module__}.{schema_class.__qualname__}"
    out = {"$schema": DIALECT, "$comment": GENERATED.format(source=source), "title": title,
           "description": description, **root}
    if defs:
        out["$defs"] = defs
    return out


def description_of(schema_class: type[Schema]) -> str | None:
    return getattr(schema_class.Meta, "description", None)


def def_name(schema_class: type[Schema]) -> str:
    """KnowledgeElementData -> knowledge_element, CompetenceSchema -> competence."""
    name = re.sub(r"(Data|Schema)$", "", schema_class.__name__)
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _object(schema: Schema, defs: dict) -> dict[str, Any]:
    where = type(schema).__name__
    if schema.unknown != RAISE:
        raise NoJsonSchemaForm(f"{where}: contracts are closed (Meta.unknown = RAISE)")
    out: dict[str, Any] = {"type": "object"}
    if description_of(type(schema)):
        out["description"] = description_of(type(schema))
    out["required"] = [name for name, field in schema.fields.items() if field.required]
    out["additionalProperties"] = False
    out["properties"] = {name: _field(field, defs, f"{where}.{name}") for name, field in schema.fields.items()}
    return out


def _field(field: fields.Field, defs: dict, where: str) -> dict[str, Any]:
    annotations = {key: value for key, value in field.metadata.items() if key in ANNOTATIONS}
    unknown = set(field.metadata) - set(ANNOTATIONS)
    if unknown:
        raise NoJsonSchemaForm(f"{where}: metadata {sorted(unknown)} is not a JSON Schema annotation")
    if isinstance(field, fields.Nested):
        return _nested(field, defs, annotations, shared=where.endswith("[]"))
    own = getattr(type(field), "JSON_SCHEMA", None)
    if own is not None:
        return _declared(field, own, defs, annotations)
    keywords: dict[str, Any] = {"type": _type(field, where)}
    if isinstance(field, fields.List):
        keywords["items"] = _field(field.inner, defs, f"{where}[]")
    for validator in field.validators:
        keywords = _narrowed(keywords, validator, where)
    return _nullable(keywords, field) | annotations


def _declared(field, own: dict, defs: dict, annotations: dict) -> dict[str, Any]:
    """A field class that owns its validation: shared as a $def unless this use adds to it."""
    keywords = {"type": _type(field, type(field).__name__), **own}
    name = getattr(type(field), "JSON_DEF", None)
    if name and not field.allow_none and not annotations:
        if defs.setdefault(name, keywords) != keywords:
            raise NoJsonSchemaForm(f"two different field types share the $defs name {name!r}")
        return {"$ref": f"#/$defs/{name}"}
    return _nullable(keywords, field) | annotations


def _nested(field: fields.Nested, defs: dict, annotations: dict, shared: bool) -> dict[str, Any]:
    """An object in place; the items of a list as a $def, which their positions can refine."""
    schema = field.schema
    if not shared:
        inline = _object(schema, defs)
        if field.allow_none:
            inline["type"] = ["object", "null"]
        return inline | annotations
    name = def_name(type(schema))
    if name not in defs:
        defs[name] = {}  # reserved first, so that the order of $defs is the order of first use
        defs[name] = _object(schema, defs)
    elif defs[name] != _object(schema, {}) and defs[name] != {}:
        raise NoJsonSchemaForm(f"two different nested schemas share the $defs name {name!r}")
    ref = {"$ref": f"#/$defs/{name}"}
    if field.allow_none:
        ref = {"anyOf": [ref, {"type": "null"}]}
    return ref | annotations


def _type(field: fields.Field, where: str) -> str:
    for field_class, name in _TYPES:
        if isinstance(field, field_class):
            return name
    raise NoJsonSchemaForm(f"{where}: no JSON type for {type(field).__name__}")


def _nullable(keywords: dict, field: fields.Field) -> dict[str, Any]:
    if not field.allow_none:
        return keywords
    out = {**keywords, "type": [keywords["type"], "null"]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def _narrowed(keywords: dict, validator, where: str) -> dict[str, Any]:
    out = dict(keywords)
    if isinstance(validator, validate.OneOf):
        out["enum"] = list(validator.choices)
    elif isinstance(validator, validate.Equal):
        out["const"] = validator.comparable
    elif isinstance(validator, validate.Range):
        if validator.min is not None:
            out["minimum" if validator.min_inclusive else "exclusiveMinimum"] = validator.min
        if validator.max is not None:
            out["maximum" if validator.max_inclusive else "exclusiveMaximum"] = validator.max
    elif isinstance(validator, validate.Length):
        equal = validator.equal
        low, high = (equal, equal) if equal is not None else (validator.min, validator.max)
        unit = "Items" if out["type"] == "array" else "Length"
        if low:
            out[f"min{unit}"] = low
        if high is not None:
            out[f"max{unit}"] = high
    elif callable(getattr(validator, "json_schema", None)):
        out = validator.json_schema(out)
    else:
        raise NoJsonSchemaForm(
            f"{where}: validator {validator!r} has no JSON Schema form; give it a json_schema(keywords) "
            "method (and say in the schema's description what JSON Schema cannot check)")
    return out
