"""Shared helpers of the contract tests: file access, validators, and a generator of
payload variants (valid and invalid) derived from a JSON Schema and one valid instance."""

import copy
import json
import re
import uuid
from datetime import datetime
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from pix_contracts.schemas._fields import DATE_PATTERN
from pix_contracts.schemas.assessment import CHALLENGE_ID_PATTERN, SKILL_PATTERN
from pix_contracts.schemas.certification import TIME_PATTERN, UUID_OR_EMPTY_PATTERN, VERIFICATION_CODE_PATTERN
from pix_contracts.schemas.sharing import CAMPAIGN_CODE_PATTERN, ORGANIZATION_CODE_PATTERN, TUBE_PATTERN

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
FORMAT_CHECKER = copy.deepcopy(Draft202012Validator.FORMAT_CHECKER)
RFC3339 = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})")

if "date-time" not in FORMAT_CHECKER.checkers:
    # jsonschema checks date-time only when rfc3339-validator is installed (the `test`
    # extra of contracts/pyproject.toml); without it, check here rather than not at all.
    @FORMAT_CHECKER.checks("date-time", raises=ValueError)
    def _is_date_time(instance) -> bool:
        if not isinstance(instance, str):
            return True
        return RFC3339.fullmatch(instance) is not None and bool(datetime.fromisoformat(instance.upper()))


def load_json(relative: str):
    return json.loads((CONTRACTS / relative).read_text(encoding="utf-8"))


def load_yaml(relative: str):
    return yaml.safe_load((CONTRACTS / relative).read_text(encoding="utf-8"))


def validator(relative: str) -> Draft202012Validator:
    return Draft202012Validator(load_json(relative), format_checker=FORMAT_CHECKER)


def resolve(schema: dict, root: dict) -> dict:
    """Follow local $refs; sibling keywords of a $ref are merged over the target."""
    while "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**target, **siblings}
        if "properties" in siblings:
            base = target.get("properties", {})
            schema["properties"] = {
                **base, **{k: {**base.get(k, {}), **v} for k, v in siblings["properties"].items()}
            }
    return schema


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}[type(value)]


def allowed_types(schema: dict) -> set[str]:
    if "type" in schema:
        declared = schema["type"]
        types = {declared} if isinstance(declared, str) else set(declared)
        # JSON Schema's integers are numbers (7 is a valid "number"), so a number takes them too.
        return types | {"integer"} if "number" in types else types
    values = schema.get("enum", [schema.get("const")])
    return {json_type(v) for v in values}


WRONG_TYPE_SAMPLES = [None, True, 7, 1.5, "7", [], {}]
SOME_UUID = "00000000-0000-0000-0000-000000000000"

# Strings that a pattern must refuse and accept; a new pattern must be added here. Keys of
# patterns marshmallow also uses are its constants: a JSON Schema pattern with other text
# finds no cases here.
PATTERN_CASES = {
    "uuid": (
        ["not-a-uuid", "3F2B8C1E-6D4A-4F1B-9A7E-2C5D8E0F1A23",
         "3f2b8c1e6d4a4f1b9a7e2c5d8e0f1a23", "{3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23}",
         "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23\n", "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a2", ""],
        [SOME_UUID, str(uuid.UUID(int=2**128 - 1)), "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"],
    ),
    "date-time": (
        ["2024-09-02T08:15:30Z", "2024-09-02T08:15:30.123456+00:00", "2024-09-02T08:15:30.123Z",
         "2024-02-30T08:15:30.123456Z", "2024-09-02 08:15:30.123456Z",
         "2024-09-02T08:15:30.123456z", "2024-09-02T24:00:00.000000Z",
         "2024-09-02T08:15:30.123456Z\n", "2024-09-02", ""],
        ["2024-02-29T23:59:59.999999Z", "1970-01-01T00:00:00.000000Z"],
    ),
    "email": (
        ["no-at-sign", "a@b@c", "a b@example.org", "@example.org", "camille@", "a@b\n",
         "a" * 250 + "@b.org"],
        ["a@b", "camille.durand+pix@example.org", "élève@école.fr"],
    ),
    "base64": (
        ["abc", "YW=j", "YWJj\n", "YW Jj", "YQ", "YQ==="],
        ["", "YQ==", "YWI=", "YWJj", "eyJpZCI6IDF9"],
    ),
    SKILL_PATTERN: (
        ["tableur4", "@tableur", "@tableur0", "@tableur9", "@tableur12", "@Tableur4", "@tab_leur4",
         "@tableur4\n", "@4", "@" + "a" * 41 + "1", " @tableur4", ""],
        ["@tableur4", "@a1", "@" + "z" * 40 + "8"],
    ),
    CHALLENGE_ID_PATTERN: (
        ["", "Tableur4-communes", "tableur4_communes", "tableur4 communes", "tableur4-communes\n",
         "tableur4-communes-é", "a" * 81],
        ["tableur4-communes-ain", "a", "0", "-", "a" * 80],
    ),
    ORGANIZATION_CODE_PATTERN: (
        ["", "ABCD2345", "abcd-2345", "ABCD-1234", "ABCD-0234", "ABID-2345", "ABOD-2345", "ABCD-2345\n",
         "ABCDE-2345", "ABC-2345", " ABCD-2345"],
        ["ABCD-2345", "ZZZZ-9999", "HJKN-2378"],
    ),
    CAMPAIGN_CODE_PATTERN: (
        ["", "bcdfgh234", "BCDFGH230", "BCDFGH235", "ABCDFG234", "BCDFGHJ23", "BCDFGH2344", "BCDFGH234\n",
         "BCDFG 234"],
        ["BCDFGH234", "YYYYYY999", "KMPQRT678"],
    ),
    TUBE_PATTERN: (
        ["", "motscles", "@motscles1", "@Motscles", "@mots_cles", "@", "@" + "a" * 41, "@motscles\n"],
        ["@motscles", "@a", "@" + "z" * 40],
    ),
    DATE_PATTERN: (
        ["", "2024-02-30", "2023-02-29", "2024-13-01", "2024-9-02", "02/09/2024", "2024-09-02T08:00",
         "2024-09-02\n", "20240902", " 2024-09-02"],
        ["2024-02-29", "2024-09-02", "1970-01-01"],
    ),
    TIME_PATTERN: (
        ["", "24:00", "14:60", "9:30", "14h30", "14:30:00", "14:30\n", " 14:30"],
        ["00:00", "09:05", "14:30", "23:59"],
    ),
    UUID_OR_EMPTY_PATTERN: (
        ["not-a-uuid", "3F2B8C1E-6D4A-4F1B-9A7E-2C5D8E0F1A23", "3f2b8c1e6d4a4f1b9a7e2c5d8e0f1a23",
         "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23\n", "\n", " ", "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a2"],
        ["", SOME_UUID, "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"],
    ),
    VERIFICATION_CODE_PATTERN: (
        ["", "P-7KXQ3BR", "P-7KXQ3BR92", "p-7kxq3br9", "P-7KXQ3BRA", "P-7KXQ3BR1", "P-7KXQ3BR5", "P7KXQ3BR9",
         "Q-7KXQ3BR9", "P-7KXQ 3BR9", "P-7KXQ3BR9\n", " P-7KXQ3BR9"],
        ["P-7KXQ3BR9", "P-22222222", "P-YYYYYYYY", "P-BCDFGHJK"],
    ),
}


def pattern_case(schema: dict):
    if schema.get("format") in ("uuid", "date-time", "email"):
        return PATTERN_CASES[schema["format"]]
    if schema.get("contentEncoding") == "base64":
        return PATTERN_CASES["base64"]
    return PATTERN_CASES[schema["pattern"]]


def _set(instance, path, value):
    out = copy.deepcopy(instance)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


def _scalar_variants(schema: dict, path, instance):
    invalid, valid = [], []
    types = allowed_types(schema)
    invalid += [(f"wrong type {json_type(s)}", s) for s in WRONG_TYPE_SAMPLES if json_type(s) not in types]
    if "null" in types:
        valid.append(("null", None))
    if "pattern" in schema or "format" in schema:
        bad, good = pattern_case(schema)
        invalid += [(f"bad {v!r}", v) for v in bad]
        valid += [(f"good {v!r}", v) for v in good]
    elif "string" in types and "enum" not in schema and "const" not in schema:
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        valid += [("min length", "a" * low)] + ([("max length", "é" * high)] if high else [])
        invalid += ([("too short", "a" * (low - 1))] if low else [])
        invalid += ([("too long", "a" * (high + 1))] if high else [])
    if "integer" in types:
        for key, step in (("minimum", -1), ("maximum", 1)):
            if key in schema:
                valid.append((key, schema[key]))
                invalid.append((f"beyond {key}", schema[key] + step))
    if "enum" in schema or "const" in schema:
        allowed = [v for v in schema.get("enum", [schema.get("const")])
                   if "const" not in schema or v == schema["const"]]
        valid += [(f"enum {v!r}", v) for v in allowed]
        others = [v for v in schema.get("enum", []) if v not in allowed]
        invalid += [("not in enum", "zz")] + [(f"not the const: {v!r}", v) for v in others[:2]]
    return [(f"{'.'.join(map(str, path))}: {d}", _set(instance, path, v), False) for d, v in invalid] + \
           [(f"{'.'.join(map(str, path))}: {d}", _set(instance, path, v), True) for d, v in valid]


def _array_variants(schema: dict, path, instance, root):
    """Verdicts follow the array keywords: minItems, maxItems, uniqueItems, and prefixItems,
    whose positions each have their own schema (an ordered, fixed list, e.g. competences)."""
    items = _get(instance, path)
    assert len(items) >= 2, f"{'.'.join(map(str, path))}: the example needs two items at least"
    prefix = schema.get("prefixItems")
    low, high, unique = schema.get("minItems", 0), schema.get("maxItems"), schema.get("uniqueItems", False)

    def fits(n: int) -> bool:
        return low <= n and (high is None or n <= high) and \
            not (prefix and schema.get("items") is False and n > len(prefix))

    item_types = allowed_types(resolve(prefix[0] if prefix else schema["items"], root))
    out = [
        ("empty", _set(instance, path, []), fits(0)),
        ("one item fewer", _set(instance, path, items[:-1]), fits(len(items) - 1)),
        ("one item more", _set(instance, path, items + items[-1:]), fits(len(items) + 1) and not unique),
        ("first two swapped", _set(instance, path, [items[1], items[0], *items[2:]]), not prefix),
        ("duplicate item", _set(instance, path, [items[0], items[0], *items[2:]]), not prefix and not unique),
        ("items replaced by 1", _set(instance, path, [1] * len(items)), "integer" in item_types and not unique),
    ]
    for index in (0, len(items) - 1):
        item_schema = resolve(prefix[index] if prefix else schema["items"], root)
        if isinstance(items[index], dict):
            out += variants(item_schema, root, instance, (*path, index))
        else:
            out += _scalar_variants(item_schema, (*path, index), instance)
    return [(f"{'.'.join(map(str, path))}: {d}", p, ok) for d, p, ok in out]


def _get(instance, path):
    for step in path:
        instance = instance[step]
    return instance


def variants(schema: dict, root: dict, instance, path=()):
    """(description, payload, expected_valid) triples around one valid instance."""
    obj = _get(instance, path)
    where = ".".join(map(str, path)) or "<root>"
    out = [(f"{where}: extra field", _set(instance, (*path, "unexpected"), 1), False)] if path else \
          [("<root>: extra field", {**instance, "unexpected": 1}, False)]
    for name in schema["required"]:
        without = {k: v for k, v in obj.items() if k != name}
        out.append((f"{where}: missing {name}", _set(instance, path, without) if path else without, False))
    for name, prop in schema["properties"].items():
        prop = resolve(prop, root)
        if "object" in allowed_types(prop) and isinstance(obj[name], dict):
            out += variants(prop, root, instance, (*path, name))
        elif "array" in allowed_types(prop):
            out += _array_variants(prop, (*path, name), instance, root)
        if not isinstance(obj[name], (dict, list)):
            out += _scalar_variants(prop, (*path, name), instance)
        else:
            out += [(f"{where}.{name}: wrong type {json_type(s)}", _set(instance, (*path, name), s), False)
                    for s in WRONG_TYPE_SAMPLES if json_type(s) not in allowed_types(prop)]
    return out
