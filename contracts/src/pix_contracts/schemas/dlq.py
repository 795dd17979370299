"""Value of a message on pix.<service>.dlq: an event a consumer gave up on, with why."""

from marshmallow import RAISE, Schema, fields, validate

from ._fields import Integer, Timestamp, matching

BASE64_PATTERN = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$(?!\\n)"


class OriginalMessageSchema(Schema):
    class Meta:
        unknown = RAISE

    topic = fields.String(required=True, validate=validate.Length(min=1))
    partition = Integer(required=True, validate=validate.Range(min=0))
    offset = Integer(required=True, validate=validate.Range(min=0))
    # Keys and values are bytes on the wire: the key is UTF-8 text, the value is kept
    # verbatim in base64 (it may not even be JSON); null for a null key or a tombstone.
    key = fields.String(required=True, allow_none=True,
                        metadata={"description": "Original key as UTF-8 text, null if none."})
    value_b64 = fields.String(
        required=True,
        allow_none=True,
        validate=matching(BASE64_PATTERN, "Not standard padded base64."),
        metadata={"contentEncoding": "base64",
                  "description": "Original value bytes, standard padded base64; null for a tombstone."},
    )


class ErrorSchema(Schema):
    class Meta:
        unknown = RAISE

    type = fields.String(required=True, validate=validate.Length(min=1),
                         metadata={"description": "Exception class name."})
    message = fields.String(required=True, validate=validate.Length(max=4000))
    attempts = Integer(required=True, validate=validate.Range(min=0), metadata={
        "description": "Handler attempts made before giving up; 0 when the message could not even be decoded "
                       "or validated."})


class DeadLetterSchema(Schema):
    class Meta:
        unknown = RAISE
        description = ("Value of a message on pix.<service>.dlq, where <service> is the consumer that gave up. "
                       "Kafka key = the original key. Expires after 30 days: it may copy personal data from "
                       "pix.identity.people.")

    original = fields.Nested(OriginalMessageSchema, required=True)
    error = fields.Nested(ErrorSchema, required=True)
    failed_at = Timestamp(required=True)
    consumer_group = fields.String(required=True, validate=validate.Length(min=1))
