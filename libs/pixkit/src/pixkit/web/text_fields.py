"""pixkit.text's rule in marshmallow: every String field a request schema loads keeps it.

`Schema` (schemas.py) adds `PlainText()` to every String field (Email included, list items
included) when it binds it, so a new field of any service is covered without anyone
remembering to. A field opts out or relaxes the rule through its metadata:

- `fields.String(metadata=SECRET)`: passwords and tokens, never shown nor mailed, only
  hashed or compared; lone surrogates are already refused by the JSON decoding;
- `fields.Raw(validate=PlainText(multiline=True))`: typed free text (a challenge's answer)
  where tab, CR and LF are ordinary whitespace; the rule looks into lists and objects.
"""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields
from marshmallow.validate import Validator

from pixkit.text import CONTROL_CHARACTERS, first_forbidden, strings_in

TEXT_RULE = "pix_text"
SECRET = {TEXT_RULE: "any"}


class PlainText(Validator):
    error = CONTROL_CHARACTERS

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> Any:
        # Strings inside lists and objects too, keys included.
        if any(first_forbidden(text, multiline=self.multiline) is not None for text in strings_in(value)):
            raise ValidationError(self.error)
        return value


def guard_text(field_obj: fields.Field) -> None:
    """Give a String field (or a List's String items) the rule unless it opted out."""
    if isinstance(field_obj, fields.String) and field_obj.metadata.get(TEXT_RULE) != "any":
        if not any(isinstance(v, PlainText) for v in field_obj.validators):
            field_obj.validators.insert(0, PlainText())  # first: the clearest of the errors
    inner = getattr(field_obj, "inner", None)
    if isinstance(inner, fields.Field):
        guard_text(inner)
