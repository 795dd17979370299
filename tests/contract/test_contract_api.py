"""The public API of pix_contracts that services and pixkit rely on."""

import pytest
from marshmallow import RAISE, Schema, ValidationError
from pix_contracts import framework, registry

from .contract_support import load_json


def test_event_schemas_are_keyed_by_wire_name_and_version():
    assert set(registry.EVENT_SCHEMAS) == {
        ("UserRegistered", 1), ("UserAnonymized", 1), ("PasswordResetRequested", 1), ("ProfileUpdated", 1),
        ("AssessmentStarted", 1), ("AnswerRecorded", 1), ("CompetenceEvaluated", 1), ("CompetenceEvaluated", 2),
        ("AssessmentCompleted", 1), ("AccessRevoked", 1), ("CampaignAssessmentCompleted", 1),
        ("OrganizationCreated", 1), ("MemberInvited", 1), ("MemberJoined", 1), ("MemberRoleChanged", 1),
        ("MemberRemoved", 1), ("ProfileShared", 1), ("CampaignCreated", 1), ("CampaignParticipationStarted", 1),
        ("CampaignParticipationShared", 1), ("CertificationTestComposed", 1), ("CertificationTestCompleted", 1),
        ("AccreditationRequested", 1), ("AccreditationDeclined", 1), ("CenterAccredited", 1),
        ("CenterMemberInvited", 1), ("CenterMemberJoined", 1), ("CenterMemberRoleChanged", 1),
        ("CenterMemberRemoved", 1), ("SessionCreated", 1), ("SessionDetailsUpdated", 1), ("CandidatesAdded", 1),
        ("CandidateRemoved", 1), ("CandidateJoined", 1), ("CandidateAuthorized", 1),
        ("CertificationCourseStarted", 1), ("CandidateTestEnded", 1), ("CandidateTestFinished", 1),
        ("CandidateAlertRaised", 1), ("IncidentRecorded", 1), ("SessionFinalized", 1),
        ("SessionProcessingStarted", 1), ("SessionPublished", 1), ("CertificationScored", 1),
        ("CertificateIssued", 1)}
    for (name, version), schema in registry.EVENT_SCHEMAS.items():
        assert isinstance(name, str) and type(version) is int
        assert issubclass(schema, Schema) and schema.Meta.unknown == RAISE
        assert registry.schema_for(name, version) is schema


@pytest.mark.parametrize("type_name, version", [("Nope", 1), ("UserRegistered", 2), ("UserRegistered", "1"),
                                                ("UserRegistered", None), ("UserRegistered", [1])])
def test_unknown_event_type(type_name, version):
    with pytest.raises(registry.UnknownEventType) as caught:
        registry.validate_data(type_name, version, {})
    assert isinstance(caught.value, LookupError)
    assert (caught.value.type_name, caught.value.version) == (type_name, version)


def test_validate_data_returns_json_native_data_and_raises_validation_error():
    data = load_json("examples/ProfileUpdated.v1.json")["data"]
    loaded = registry.validate_data("ProfileUpdated", 1, data)
    assert loaded == data and isinstance(loaded["user_id"], str) and isinstance(loaded["updated_at"], str)
    with pytest.raises(ValidationError) as caught:
        registry.validate_data("ProfileUpdated", 1, {**data, "total_pix": 1025, "name": "x"})
    assert set(caught.value.messages) == {"total_pix", "name"}
    with pytest.raises(ValidationError):
        registry.validate_data("UserRegistered", 1, "not an object")


def test_person_and_dead_letter_validation():
    assert registry.PERSON_SCHEMA().fields.keys() == {
        "user_id", "first_name", "last_name", "email", "updated_at"}
    with pytest.raises(ValidationError):
        registry.validate_person(None)  # tombstones are handled before validation
    with pytest.raises(ValidationError):
        registry.validate_dead_letter({"original": {}})


def test_competence_codes_follow_the_framework():
    assert len(framework.COMPETENCE_CODES) == 16
    assert framework.COMPETENCE_CODES == tuple(sorted(framework.COMPETENCE_CODES))
    assert {c.split(".")[0] for c in framework.COMPETENCE_CODES} == {"1", "2", "3", "4", "5"}
