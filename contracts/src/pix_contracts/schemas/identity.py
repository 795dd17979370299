"""Payloads published by identity: events on pix.identity.events, people on pix.identity.people."""

from marshmallow import RAISE, Schema, fields, validate

from ._fields import Email, Integer, Timestamp, Uuid

LOCALES = ("fr", "en")
REVOCATION_REASONS = ("logout", "refresh_reuse", "roles_changed", "password_reset")


class UserRegisteredData(Schema):
    """No name or email here: personal data never enters the immutable log (docs/architecture.md §5)."""

    class Meta:
        unknown = RAISE
        description = "A person created an account. Carries no name or email: personal data is on pix.identity.people."

    user_id = Uuid(required=True)
    locale = fields.String(required=True, validate=validate.OneOf(LOCALES),
                           metadata={"description": "Preferred language."})
    registered_at = Timestamp(required=True)


class UserAnonymizedData(Schema):
    class Meta:
        unknown = RAISE
        description = ("The person's personal data was erased; every read model scrubs what it holds about them. "
                       "Statistics keep working on the id.")

    user_id = Uuid(required=True)
    anonymized_at = Timestamp(required=True)


class PasswordResetRequestedData(Schema):
    class Meta:
        unknown = RAISE
        description = ("A person asked to reset their password: the mail to send. No address and no secret here: "
                       "the mailer looks up the address, and rebuilds the link from reset_id with a key only "
                       "identity holds.")

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
        description = (
            "Access tokens identity signed for this person must be refused before they expire: those of one "
            "session (session_id, the refresh family named in the tokens' sid claim) after a logout or a refresh "
            "token's reuse, or all those signed with an epoch claim below epoch after a role removal or a password "
            "reset. Every service that checks tokens keeps what it learns here (pixkit.revocations) next to "
            "UserAnonymized, which refuses all of a person's tokens forever.")

    user_id = Uuid(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(REVOCATION_REASONS))
    revoked_at = Timestamp(required=True)
    epoch = Integer(required=True, allow_none=True, validate=validate.Range(min=1), metadata={
        "description": "Refuse every token of this person whose epoch claim is lower (a missing claim counts as 0); "
                       "null when only one session ends."})
    session_id = Uuid(required=True, allow_none=True, metadata={
        "description": "Refuse every token whose sid claim is this session; null when all sessions end (see epoch)."})
    session_expires_at = Timestamp(required=True, allow_none=True, metadata={
        "description": "When the last access token of that session expires: a consumer may forget the session "
                       "after it. Null with session_id."})


class PersonSchema(Schema):
    """Value of pix.identity.people (compacted, key = user_id); a null value is the tombstone."""

    class Meta:
        unknown = RAISE
        description = (
            "Value of the compacted topic pix.identity.people, key = user_id (UTF-8). Not an event: no envelope. "
            "The latest value per key is the person's current personal data; a null value (tombstone) means the "
            "person was anonymized: drop everything held about them. Additive changes only; a breaking change "
            "would get a new topic.")

    user_id = Uuid(required=True)
    first_name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=255))
    email = Email(required=True)
    updated_at = Timestamp(required=True)
