"""Field types mirroring the JSON Schema keywords used in contracts/events/*.json.

Loaded data stays JSON-native (str, int, list, dict): load then dump gives back the exact
wire dict, which consumers store and compare byte for byte (rebuilds must be identical).
So ids are strings, not `fields.UUID` (which would turn them into uuid.UUID objects), and
timestamps are strings in one canonical form, not `fields.AwareDateTime` (which dumps
"+00:00" instead of "Z" and would change the string). The validator still parses the
timestamp, so "2024-02-30T…" is refused.

Patterns are the same text as in the JSON Schemas (a test checks it). Python's "$" also
matches before a trailing newline, which Python JSON Schema validators inherit: so the JSON
Schemas pin the length of ids and timestamps and end the other patterns with "$(?!\\n)"
(harmless in ECMA-262 regexes), and here patterns are applied with re.fullmatch.

Known divergence: JSON Schema counts 5.0 as an integer, these fields refuse it (strict).
Our producers serialize ints with json.dumps, so 5.0 never appears on the wire.
"""

import re
from datetime import datetime

from marshmallow import ValidationError, fields

UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
TIMESTAMP_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$"
EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+$(?!\\n)"


def matching(pattern: str, error: str):
    def check(value: str) -> None:
        if re.fullmatch(pattern, value) is None:
            raise ValidationError(error)

    return check


def _real_instant(value: str) -> None:
    try:
        datetime.fromisoformat(value)
    except ValueError as error:
        raise ValidationError("Not a valid date-time.") from error


class Uuid(fields.String):
    """A UUID in canonical lowercase text form: Kafka keys are bytes, so one form only."""

    def __init__(self, **kwargs):
        super().__init__(
            validate=matching(UUID_PATTERN, "Not a lowercase canonical UUID."), **kwargs
        )


class Timestamp(fields.String):
    """UTC instant, ISO-8601 with microseconds and Z: 2024-05-01T08:30:00.000000Z."""

    def __init__(self, **kwargs):
        pattern = matching(TIMESTAMP_PATTERN, "Not a UTC timestamp like 2024-05-01T08:30:00.000000Z.")
        super().__init__(validate=[pattern, _real_instant], **kwargs)


class Integer(fields.Integer):
    """JSON integer: no strings ("3"), no floats; marshmallow 4 already refuses booleans."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)
