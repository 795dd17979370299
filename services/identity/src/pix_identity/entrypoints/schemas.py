"""Wire shapes of identity's HTTP API: camelCase names, error messages as codes."""
from __future__ import annotations

from marshmallow import ValidationError, fields, pre_load, validate
from pixkit.web.schemas import Schema
from pixkit.web.text_fields import SECRET

from ..domain.registration import EMAIL_MAX, NAME_MAX, PASSWORD_MAX, password_is_strong

_TRIMMED = ("firstName", "lastName", "email")


def strong_password(password: str) -> None:
    if not password_is_strong(password):
        raise ValidationError("PASSWORD_TOO_WEAK")


def _accepted(value: bool) -> None:
    if value is not True:
        raise ValidationError("TERMS_NOT_ACCEPTED")


def _name(data_key: str, required: bool = True) -> fields.String:
    return fields.String(required=required, data_key=data_key,
                         validate=validate.Length(min=1, max=NAME_MAX, error="NAME_LENGTH"))


def _trim(data, names=_TRIMMED):
    # Names and email are compared and shown without surrounding spaces; never passwords.
    if isinstance(data, dict):
        data = {**data, **{k: data[k].strip() for k in names if isinstance(data.get(k), str)}}
    return data


class RobotProofSchema(Schema):
    challenge = fields.String(required=True, validate=validate.Length(max=200))
    counter = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=2**53))


class RobotPuzzleSchema(Schema):
    challenge = fields.String(metadata={"description": "hash «challenge:counter» with SHA-256"})
    difficulty = fields.Integer(metadata={"description": "leading zero bits the digest must have"})


class SignUpSchema(Schema):
    first_name = _name("firstName")
    last_name = _name("lastName")
    email = fields.Email(required=True, validate=validate.Length(max=EMAIL_MAX, error="EMAIL_TOO_LONG"))
    # A password is only hashed, never shown nor mailed: any character (text_fields.SECRET).
    password = fields.String(required=True, load_only=True, metadata=SECRET,
                             validate=[validate.Length(max=PASSWORD_MAX, error="PASSWORD_TOO_LONG"), strong_password])
    accept_terms = fields.Boolean(data_key="acceptTerms", required=True, load_only=True, validate=_accepted,
                                  error_messages={"required": "TERMS_NOT_ACCEPTED"})
    robot_proof = fields.Nested(RobotProofSchema, data_key="robotProof", required=True, load_only=True,
                                error_messages={"required": "ROBOT_CHECK_MISSING"})

    @pre_load
    def trim(self, data, **_):
        return _trim(data)


class RegisteredSchema(Schema):
    id = fields.String(attribute="user_id")
    first_name = fields.String(data_key="firstName")
    last_name = fields.String(data_key="lastName")
    email = fields.String()
    position = fields.Integer(metadata={"description": "position of UserRegistered in the user's stream; "
                                                      "read models can be asked to wait for it"})


class RenameSchema(Schema):
    first_name = _name("firstName", required=False)
    last_name = _name("lastName", required=False)

    @pre_load
    def trim(self, data, **_):
        return _trim(data)


class MeSchema(Schema):
    id = fields.String(attribute="_id")
    first_name = fields.String(data_key="firstName")
    last_name = fields.String(data_key="lastName")
    email = fields.String()
    locale = fields.String()
    roles = fields.List(fields.String(), dump_default=list)
