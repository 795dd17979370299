"""Wire shapes of the token endpoints (camelCase, OAuth-like names)."""
from __future__ import annotations

from marshmallow import fields
from pixkit.web.schemas import Schema
from pixkit.web.text_fields import SECRET


class LoginSchema(Schema):
    email = fields.String(required=True)
    password = fields.String(required=True, load_only=True, metadata=SECRET)  # as it was chosen


class RefreshTokenSchema(Schema):
    refresh_token = fields.String(required=True, data_key="refreshToken", load_only=True)


class TokenPairSchema(Schema):
    access_token = fields.String(data_key="accessToken")
    token_type = fields.String(data_key="tokenType")
    expires_in = fields.Integer(data_key="expiresIn", metadata={"description": "seconds"})
    refresh_token = fields.String(data_key="refreshToken")


class JwksSchema(Schema):
    keys = fields.List(fields.Dict())
