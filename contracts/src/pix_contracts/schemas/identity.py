"""Payloads published by identity: events on pix.identity.events, people on pix.identity.people."""

from marshmallow import RAISE, Schema, fields, validate

from ._fields import EMAIL_PATTERN, Integer, Timestamp, Uuid, matching

LOCALES = ("fr", "en")
REVOCATION_REASONS = ("logout", "refresh_reuse", "roles_changed", "password_reset")


class UserRegisteredData(Schema):
    """No name or email here: personal data never enters the immutable log (DESIGN §5)."""

    class Meta:
        unknown = RAISE

    user_id = Uuid(required=True)
    locale = fields.String(required=True, validate=validate.OneOf(LOCALES))
    registered_at = Timestamp(required=True)


class UserAnonymizedData(Schema):
    class Meta:
        unknown = RAISE

    user_id = Uuid(required=True)
    anonymized_at = Timestamp(required=True)


class PasswordResetRequestedData(Schema):
    class Meta:
        unknown = RAISE

    user_id = Uuid(required=True)
    reset_id = Uuid(required=True)
    locale = fields.String(required=True, validate=validate.OneOf(LOCALES))
    requested_at = Timestamp(required=True)
    expires_at = Timestamp(required=True)


class AccessRevokedData(Schema):
    """Tokens to refuse before they expire: one session's (session_id), or all those of an
    epoch below `epoch`. UserAnonymized, not this, refuses an erased person's tokens."""

    class Meta:
        unknown = RAISE

    user_id = Uuid(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(REVOCATION_REASONS))
    revoked_at = Timestamp(required=True)
    epoch = Integer(required=True, allow_none=True, validate=validate.Range(min=1))
    session_id = Uuid(required=True, allow_none=True)
    session_expires_at = Timestamp(required=True, allow_none=True)


class PersonSchema(Schema):
    """Value of pix.identity.people (compacted, key = user_id); a null value is the tombstone."""

    class Meta:
        unknown = RAISE

    user_id = Uuid(required=True)
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    email = fields.String(
        required=True,
        validate=[validate.Length(max=254), matching(EMAIL_PATTERN, "Not a valid email.")],
    )
    updated_at = Timestamp(required=True)
