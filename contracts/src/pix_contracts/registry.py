"""Every contract by (wire name, version), and the functions that validate against them.

Kept out of the package's __init__ so that importing pix_contracts.framework or
pix_contracts.topics (as pure domains do) loads no marshmallow.
"""
from __future__ import annotations

from marshmallow import Schema

from .schemas.assessment import (
    AnswerRecordedData,
    AssessmentCompletedData,
    AssessmentStartedData,
    CampaignAssessmentCompletedData,
    CertificationTestCompletedData,
    CertificationTestComposedData,
    CompetenceEvaluatedData,
    CompetenceEvaluatedDataV2,
)
from .schemas.certification import (
    AccreditationDeclinedData,
    AccreditationRequestedData,
    CandidateAlertRaisedData,
    CandidateAuthorizedData,
    CandidateJoinedData,
    CandidateRemovedData,
    CandidatesAddedData,
    CandidateTestEndedData,
    CandidateTestFinishedData,
    CenterAccreditedData,
    CenterMemberInvitedData,
    CenterMemberJoinedData,
    CenterMemberRemovedData,
    CenterMemberRoleChangedData,
    CertificateIssuedData,
    CertificationCourseStartedData,
    CertificationScoredData,
    IncidentRecordedData,
    SessionCreatedData,
    SessionDetailsUpdatedData,
    SessionFinalizedData,
    SessionProcessingStartedData,
    SessionPublishedData,
)
from .schemas.dlq import DeadLetterSchema
from .schemas.identity import (
    AccessRevokedData,
    PasswordResetRequestedData,
    PersonSchema,
    UserAnonymizedData,
    UserRegisteredData,
)
from .schemas.profile import ProfileUpdatedData
from .schemas.sharing import (
    CampaignCreatedData,
    CampaignParticipationSharedData,
    CampaignParticipationStartedData,
    MemberInvitedData,
    MemberJoinedData,
    MemberRemovedData,
    MemberRoleChangedData,
    OrganizationCreatedData,
    ProfileSharedData,
)

__all__ = [
    "DEAD_LETTER_SCHEMA",
    "EVENT_SCHEMAS",
    "PERSON_SCHEMA",
    "UnknownEventType",
    "schema_for",
    "validate_data",
    "validate_dead_letter",
    "validate_person",
]

# (wire name, schema_version) → schema of the envelope's `data`.
EVENT_SCHEMAS: dict[tuple[str, int], type[Schema]] = {
    ("UserRegistered", 1): UserRegisteredData,
    ("UserAnonymized", 1): UserAnonymizedData,
    ("PasswordResetRequested", 1): PasswordResetRequestedData,
    ("AccessRevoked", 1): AccessRevokedData,
    ("ProfileUpdated", 1): ProfileUpdatedData,
    ("AssessmentStarted", 1): AssessmentStartedData,
    ("AnswerRecorded", 1): AnswerRecordedData,
    ("CompetenceEvaluated", 1): CompetenceEvaluatedData,
    ("CompetenceEvaluated", 2): CompetenceEvaluatedDataV2,
    ("AssessmentCompleted", 1): AssessmentCompletedData,
    ("CampaignAssessmentCompleted", 1): CampaignAssessmentCompletedData,
    ("OrganizationCreated", 1): OrganizationCreatedData,
    ("MemberInvited", 1): MemberInvitedData,
    ("MemberJoined", 1): MemberJoinedData,
    ("MemberRoleChanged", 1): MemberRoleChangedData,
    ("MemberRemoved", 1): MemberRemovedData,
    ("ProfileShared", 1): ProfileSharedData,
    ("CampaignCreated", 1): CampaignCreatedData,
    ("CampaignParticipationStarted", 1): CampaignParticipationStartedData,
    ("CampaignParticipationShared", 1): CampaignParticipationSharedData,
    ("CertificationTestComposed", 1): CertificationTestComposedData,
    ("CertificationTestCompleted", 1): CertificationTestCompletedData,
    ("AccreditationRequested", 1): AccreditationRequestedData,
    ("AccreditationDeclined", 1): AccreditationDeclinedData,
    ("CenterAccredited", 1): CenterAccreditedData,
    ("CenterMemberInvited", 1): CenterMemberInvitedData,
    ("CenterMemberJoined", 1): CenterMemberJoinedData,
    ("CenterMemberRoleChanged", 1): CenterMemberRoleChangedData,
    ("CenterMemberRemoved", 1): CenterMemberRemovedData,
    ("SessionCreated", 1): SessionCreatedData,
    ("SessionDetailsUpdated", 1): SessionDetailsUpdatedData,
    ("CandidatesAdded", 1): CandidatesAddedData,
    ("CandidateRemoved", 1): CandidateRemovedData,
    ("CandidateJoined", 1): CandidateJoinedData,
    ("CandidateAuthorized", 1): CandidateAuthorizedData,
    ("CertificationCourseStarted", 1): CertificationCourseStartedData,
    ("CandidateTestEnded", 1): CandidateTestEndedData,
    ("CandidateTestFinished", 1): CandidateTestFinishedData,
    ("CandidateAlertRaised", 1): CandidateAlertRaisedData,
    ("IncidentRecorded", 1): IncidentRecordedData,
    ("SessionFinalized", 1): SessionFinalizedData,
    ("SessionProcessingStarted", 1): SessionProcessingStartedData,
    ("SessionPublished", 1): SessionPublishedData,
    ("CertificationScored", 1): CertificationScoredData,
    ("CertificateIssued", 1): CertificateIssuedData,
}

# Value of pix.identity.people (not an event: no envelope; a null value is the tombstone).
PERSON_SCHEMA: type[Schema] = PersonSchema

# Value of pix.<service>.dlq.
DEAD_LETTER_SCHEMA: type[Schema] = DeadLetterSchema

# Schema instances are stateless when loading: build each once, on first use.
_instances: dict[type[Schema], Schema] = {}


class UnknownEventType(LookupError):
    """No contract for this (wire name, schema_version)."""

    def __init__(self, type_name: str, version: int):
        super().__init__(f"no contract for event type {type_name!r} version {version!r}")
        self.type_name = type_name
        self.version = version


def schema_for(type_name: str, version: int) -> type[Schema]:
    try:
        return EVENT_SCHEMAS[(type_name, version)]
    except (KeyError, TypeError):  # TypeError: an unhashable version from a bad envelope
        raise UnknownEventType(type_name, version) from None


def _load(schema_class: type[Schema], data) -> dict:
    schema = _instances.get(schema_class)
    if schema is None:
        schema = _instances[schema_class] = schema_class()
    return schema.load(data)


def validate_data(type_name: str, version: int, data) -> dict:
    """The loaded `data` (plain JSON values); raises marshmallow.ValidationError."""
    return _load(schema_for(type_name, version), data)


def validate_person(value) -> dict:
    """A pix.identity.people value (not None: callers handle tombstones first)."""
    return _load(PERSON_SCHEMA, value)


def validate_dead_letter(value) -> dict:
    return _load(DEAD_LETTER_SCHEMA, value)
