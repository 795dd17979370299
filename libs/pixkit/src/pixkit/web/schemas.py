"""Base marshmallow schema whose error messages are codes, translated when answered.

Marshmallow's messages are English sentences. Here every field's messages become codes
named after the field kind and the message key ("STRING_INVALID", "EMAIL_INVALID",
"REQUIRED"), which error_handlers turns into the caller's language through the catalog.
Validators of a service pass their own codes (`validate.Length(…, error="NAME_LENGTH")`).
"""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from .text_fields import guard_text

_SHARED_KEYS = {"required": "REQUIRED", "null": "NULL"}


def field_code(field: fields.Field, key: str) -> str:
    return _SHARED_KEYS.get(key) or f"{type(field).__name__}_{key}".upper()


class Schema(ma.Schema):
    error_messages = {"unknown": "UNKNOWN_FIELD", "type": "INVALID_INPUT_TYPE"}

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        _use_codes(field_obj)
        guard_text(field_obj)  # no control or bidi characters in loaded text (text_fields)


def _use_codes(field_obj: fields.Field) -> None:
    for key, text in list(field_obj.error_messages.items()):
        if isinstance(text, str) and text.isupper() and " " not in text:
            continue  # a field's own code, given with error_messages={...}
        code = field_code(field_obj, key)
        field_obj.error_messages[key] = code
        # Some fields (Email, URL) copy their message into a validator at init.
        for validator in field_obj.validators:
            if getattr(validator, "error", None) == text:
                validator.error = code
    inner = getattr(field_obj, "inner", None)  # the items of a List
    if isinstance(inner, fields.Field):
        _use_codes(inner)


class ErrorSchema(ma.Schema):
    """The error body of every Pix API (documentation only)."""

    code = fields.String(required=True, metadata={"description": "stable error code, e.g. EMAIL_TAKEN"})
    message = fields.String(required=True,
                            metadata={"description": "message for people, in the request's language"})
    details = fields.Dict(required=True,
                          metadata={"description": "more about the error, e.g. fields: {name: [{code, message}]}"})
