"""The profiles read model, fed through the real subscription and consumer dispatch."""
import json
import uuid

import pytest
from pix_profile.bootstrap import bootstrap
from pix_profile.domain.competences import COMPETENCE_CODES
from pix_profile.entrypoints.http import create_app
from pixkit.consumer import Dispatcher
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, TokenMint, unit_settings

USER = str(uuid.UUID(int=7))


def user_registered(user_id: str = USER, position: int = 1) -> bytes:
    envelope = Envelope(id=str(uuid.uuid4()), type="UserRegistered", schema_version=1, source="identity",
                        stream=f"user-{user_id}", position=position, occurred_at="2025-03-01T09:30:00.000000Z",
                        key=user_id, data={"user_id": user_id, "locale": "fr",
                                           "registered_at": "2025-03-01T09:30:00.000000Z"})
    return envelope.to_wire()


@pytest.fixture
def service():
    return bootstrap(unit_settings("profile"), FakeDatabase())


def deliver(service, message: bytes) -> str:
    subscription = service.subscriptions[0]
    outcome, error, _ = Dispatcher(subscription, "unit", sleep=lambda _: None).handle(message)
    assert error is None
    return outcome


def test_the_subscription_reads_identity_events_for_the_profiles_read_model(service):
    subscription, revocations = service.subscriptions
    assert subscription.name == "profiles" and revocations.name == "access-revocations"
    assert subscription.topics == ["pix.identity.events", "pix.assessment.events"]
    assert service.read_model_collections == ["profiles", "access_revocations"]
    assert service.publishes  # ProfileUpdated, from its reactor (never replayed)
    (reactor,) = service.reactors
    assert reactor.name == "profile-publisher" and set(reactor.handlers) == {"UserRegistered", "CompetenceEvaluated"}


def test_a_registered_user_gets_an_empty_profile_of_16_competences(service):
    assert deliver(service, user_registered()) == "handled"
    doc = service.db["profiles"].find_one({"_id": USER})
    assert doc == {"_id": USER, "competences": {}, "applied": {f"user-{USER}": 1}}
    body = http(service).get(f"/api/profile/{USER}", headers=MINT.headers(USER)).get_json()
    assert [c["code"] for c in body["competences"]] == list(COMPETENCE_CODES)
    assert all(c["level"] == 0 and c["pix"] == 0 for c in body["competences"]) and body["totalPix"] == 0


def test_a_duplicate_delivery_changes_nothing(service):
    deliver(service, user_registered())
    first = service.db["profiles"].find_one({"_id": USER})
    deliver(service, user_registered())
    assert service.db["profiles"].find_one({"_id": USER}) == first


def test_a_rebuild_gives_the_same_document():
    # Only event data goes in (no clock, no random id): two builds agree byte for byte.
    built = []
    for _ in range(2):
        service = bootstrap(unit_settings("profile"), FakeDatabase())
        deliver(service, user_registered())
        built.append(json.dumps(service.db["profiles"].find_one({"_id": USER})))
    assert built[0] == built[1]


def test_other_event_types_are_not_its_business(service):
    message = json.loads(user_registered())
    message["type"] = "AssessmentStarted"
    assert deliver(service, json.dumps(message).encode()) == "ignored"


MINT = TokenMint()


def http(service):
    return create_app(unit_settings("profile"), service, ready_checks={}, verifier=MINT.verifier()).test_client()


def test_get_profile_answers_camel_case_json(service):
    deliver(service, user_registered())
    client = http(service)
    body = client.get(f"/api/profile/{USER}", headers=MINT.headers(USER)).get_json()
    assert body["userId"] == USER and body["totalPix"] == 0
    assert body["competences"][0] == {"code": "1.1", "level": 0, "pix": 0}
    assert len(body["competences"]) == 16


def test_an_unknown_profile_is_a_json_404(service):
    someone = str(uuid.uuid4())
    answer = http(service).get(f"/api/profile/{someone}", headers={"Accept-Language": "en", **MINT.headers(someone)})
    assert answer.status_code == 404
    assert answer.get_json() == {"code": "PROFILE_NOT_FOUND", "message": "This profile does not exist (yet).",
                                 "details": {}}


def test_only_the_person_or_the_support_reads_a_profile(service):
    deliver(service, user_registered())
    client = http(service)
    assert client.get(f"/api/profile/{USER}").get_json()["code"] == "INVALID_TOKEN"
    other = client.get(f"/api/profile/{USER}", headers=MINT.headers(str(uuid.uuid4())))
    assert other.status_code == 403 and other.get_json()["code"] == "FORBIDDEN"
    forged = TokenMint().headers(USER)  # right person, key identity never had
    assert client.get(f"/api/profile/{USER}", headers=forged).status_code == 401
    for role in ("SUPPORT", "SUPER_ADMIN"):
        assert client.get(f"/api/profile/{USER}", headers=MINT.headers(str(uuid.uuid4()), [role])).status_code == 200
    assert client.get(f"/api/profile/{USER}", headers=MINT.headers(str(uuid.uuid4()), ["CERTIF"])).status_code == 403


def competence_evaluated(code: str, level: int, pix: int, position: int, reason="assessment") -> bytes:
    data = {"user_id": USER, "competence_code": code, "assessment_id": str(uuid.UUID(int=position)),
            "reason": reason, "validated_skills": [], "invalidated_skills": [], "pix": pix, "level": level,
            "max_level": 5, "evaluated_at": "2025-03-01T10:00:00.000000Z"}
    return Envelope(id=str(uuid.uuid4()), type="CompetenceEvaluated", schema_version=1, source="assessment",
                    stream=f"competence-{USER}-{code.replace('.', '_')}", position=position,
                    occurred_at="2025-03-01T10:00:00.000000Z", key=USER, data=data).to_wire()


def test_evaluations_fill_the_profile_in_any_order_and_once(service):
    deliver(service, competence_evaluated("1.3", 2, 19, position=9))  # before the registration
    deliver(service, user_registered())
    deliver(service, competence_evaluated("4.1", 1, 11, position=7))
    deliver(service, competence_evaluated("1.3", 1, 12, position=4))  # older: ignored
    deliver(service, competence_evaluated("4.1", 1, 11, position=7))  # duplicate: no-op
    body = http(service).get(f"/api/profile/{USER}", headers=MINT.headers(USER)).get_json()
    levels = {c["code"]: (c["level"], c["pix"]) for c in body["competences"]}
    assert levels["1.3"] == (2, 19) and levels["4.1"] == (1, 11) and levels["5.2"] == (0, 0)
    assert body["totalPix"] == 30
    deliver(service, competence_evaluated("1.3", 0, 0, position=12, reason="reset"))
    assert http(service).get(f"/api/profile/{USER}", headers=MINT.headers(USER)).get_json()["totalPix"] == 11


def test_the_document_has_the_same_bytes_whatever_order_the_two_topics_came_in():
    import bson

    messages = [user_registered(), competence_evaluated("3.1", 2, 19, 8), competence_evaluated("1.1", 1, 9, 5)]
    documents = []
    for order in (messages, messages[::-1], [messages[1], messages[0], messages[2]]):
        service = bootstrap(unit_settings("profile"), FakeDatabase())
        for message in order:
            deliver(service, message)
        documents.append(bson.encode(service.db["profiles"].find_one({"_id": USER})))
    assert documents[0] == documents[1] == documents[2]
