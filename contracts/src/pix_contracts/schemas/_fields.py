"""Field types of the contracts, each with its JSON Schema form (pix_contracts.jsonschema).

Loaded data stays JSON-native (str, int, list, dict): load then dump gives back the exact
wire dict, which consumers store and compare byte for byte (rebuilds must be identical).
So ids are strings, not `fields.UUID` (which would turn them into uuid.UUID objects), and
timestamps are strings in one canonical form, not `fields.AwareDateTime` (which dumps
"+00:00" instead of "Z" and would change the string). The validator still parses the
timestamp, so "2024-02-30T…" is refused.

Each field class here owns its validation and declares it for pix_contracts.jsonschema
(JSON_SCHEMA, and JSON_DEF when it is shared under `$defs`), so the generated JSON Schemas
carry the same patterns, text for text. Python's "$" also matches before a trailing newline,
which Python JSON Schema validators inherit: so the JSON Schemas pin the length of ids and
timestamps and end the other patterns with "$(?!\\n)" (harmless in ECMA-262 regexes), and
here patterns are applied with re.fullmatch.

Known divergence: JSON Schema counts 5.0 as an integer, these fields refuse it (strict).
Our producers serialize ints with json.dumps, so 5.0 never appears on the wire.
"""

import re
from datetime import date, datetime

from marshmallow import ValidationError, fields, validate

from ..framework import COMPETENCE_CODES

UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
TIMESTAMP_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$"
EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+$(?!\\n)"


class Matching(validate.Validator):
    """The whole string matches `pattern`; in JSON Schema, `pattern` (same text)."""

    def __init__(self, pattern: str, error: str) -> None:
        self.pattern = pattern
        self.error = error

    def __call__(self, value: str) -> str:
        if re.fullmatch(self.pattern, value) is None:
            raise ValidationError(self.error)
        return value

    def json_schema(self, keywords: dict) -> dict:
        return {**keywords, "pattern": self.pattern}


def matching(pattern: str, error: str) -> Matching:
    return Matching(pattern, error)


def _real_instant(value: str) -> None:
    try:
        datetime.fromisoformat(value)
    except ValueError as error:
        raise ValidationError("Not a valid date-time.") from error


class Uuid(fields.String):
    """A UUID in canonical lowercase text form: Kafka keys are bytes, so one form only."""

    JSON_DEF = "uuid"
    JSON_SCHEMA = {"format": "uuid", "minLength": 36, "maxLength": 36, "pattern": UUID_PATTERN,
                   "description": "UUID, lowercase canonical form."}

    def __init__(self, **kwargs):
        super().__init__(
            validate=matching(UUID_PATTERN, "Not a lowercase canonical UUID."), **kwargs
        )


class Timestamp(fields.String):
    """UTC instant, ISO-8601 with microseconds and Z: 2024-05-01T08:30:00.000000Z."""

    # format date-time is what refuses 2024-02-30 in JSON Schema, as _real_instant does here.
    JSON_DEF = "timestamp"
    JSON_SCHEMA = {"format": "date-time", "minLength": 27, "maxLength": 27, "pattern": TIMESTAMP_PATTERN,
                   "description": "UTC, microseconds, Z suffix."}

    def __init__(self, **kwargs):
        pattern = matching(TIMESTAMP_PATTERN, "Not a UTC timestamp like 2024-05-01T08:30:00.000000Z.")
        super().__init__(validate=[pattern, _real_instant], **kwargs)


class Integer(fields.Integer):
    """JSON integer: no strings ("3"), no floats; marshmallow 4 already refuses booleans."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class Email(fields.String):
    """An address as people type it: one @, no spaces; the mail server is the real check."""

    JSON_SCHEMA = {"format": "email", "maxLength": 254, "pattern": EMAIL_PATTERN}

    def __init__(self, **kwargs):
        super().__init__(validate=[validate.Length(max=254), matching(EMAIL_PATTERN, "Not a valid email.")],
                         **kwargs)


class CompetenceCode(fields.String):
    """One of the framework's 16 competence codes (pix_contracts.framework)."""

    JSON_DEF = "competence_code"
    JSON_SCHEMA = {"enum": list(COMPETENCE_CODES), "description": "Framework competence code."}

    def __init__(self, **kwargs):
        super().__init__(validate=validate.OneOf(COMPETENCE_CODES), **kwargs)


DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _real_day(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError("Not a valid date.") from error


class Date(fields.String):
    """A calendar day, YYYY-MM-DD (no time, no zone): 2024-09-02."""

    # format date is what refuses 2024-02-30 in JSON Schema, as _real_day does here.
    JSON_DEF = "date"
    JSON_SCHEMA = {"format": "date", "minLength": 10, "maxLength": 10, "pattern": DATE_PATTERN,
                   "description": "A calendar day, YYYY-MM-DD."}

    def __init__(self, **kwargs):
        pattern = matching(DATE_PATTERN, "Not a day like 2024-09-02.")
        super().__init__(validate=[pattern, _real_day], **kwargs)


class Number(fields.Float):
    """A JSON number (integer or not): no strings ("3.5"), no booleans, nothing infinite.
    Loaded as a float, as Python's json module reads 75.0."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class UniqueItems(validate.Validator):
    """No item twice in the list; in JSON Schema, `uniqueItems`."""

    def __call__(self, value: list) -> list:
        seen = []
        for item in value:
            if item in seen:
                raise ValidationError("Items must be unique.")
            seen.append(item)
        return value

    def json_schema(self, keywords: dict) -> dict:
        return {**keywords, "uniqueItems": True}
