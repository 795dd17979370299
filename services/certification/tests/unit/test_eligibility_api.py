"""Eligibility through certification's real bootstrap on a fake store: the copy of
ProfileUpdated, erasure, and GET /api/certification/eligibility."""
import uuid

import pytest
from pix_certification.bootstrap import bootstrap
from pix_certification.entrypoints.http import create_app
from pix_contracts.framework import COMPETENCE_CODES
from pixkit.consumer import Dispatcher
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, TokenMint, unit_settings

MINT = TokenMint()
USER = str(uuid.UUID(int=11))


def profile_updated(levels: dict[str, int], position: int, user_id: str = USER) -> bytes:
    competences = [{"code": code, "level": levels.get(code, 0), "pix": 8 * levels.get(code, 0), "progress": 0}
                   for code in COMPETENCE_CODES]
    return Envelope(id=str(uuid.uuid4()), type="ProfileUpdated", schema_version=1, source="profile",
                    stream=f"profile-{user_id}", position=position, occurred_at="2026-11-30T10:00:00.000000Z",
                    key=user_id, data={"user_id": user_id, "total_pix": sum(c["pix"] for c in competences),
                                       "competences": competences,
                                       "updated_at": "2026-11-30T10:00:00.000000Z"}).to_wire()


def user_anonymized(user_id: str = USER) -> bytes:
    return Envelope(id=str(uuid.uuid4()), type="UserAnonymized", schema_version=1, source="identity",
                    stream=f"user-{user_id}", position=9, occurred_at="2026-11-30T11:00:00.000000Z",
                    key=user_id, data={"user_id": user_id, "anonymized_at": "2026-11-30T11:00:00.000000Z"}).to_wire()


@pytest.fixture
def service():
    return bootstrap(unit_settings("certification"), FakeDatabase(only_id_lookups=True))


def deliver(service, message: bytes) -> None:
    loop = next(s for s in service.subscriptions if s.name == "profiles")
    _, error, _ = Dispatcher(loop, "unit", sleep=lambda _: None).handle(message)
    assert error is None


def client_of(service):
    return create_app(unit_settings("certification"), service, ready_checks={},
                      verifier=MINT.verifier()).test_client()


def eligibility_of(service, user_id: str = USER, lang: str = "fr"):
    client = client_of(service)
    return client.get("/api/certification/eligibility", headers={"Accept-Language": lang, **MINT.headers(user_id)})


FOUR = {"1.1": 2, "1.2": 1, "2.1": 3, "3.1": 1}


def test_four_competences_at_level_one_or_more_are_not_enough_and_the_answer_says_how_many_more(service):
    deliver(service, profile_updated(FOUR, position=1))
    body = eligibility_of(service).get_json()
    assert body["eligible"] is False and body["missing"] == 1 and body["required"] == 5
    assert body["certifiableCompetences"] == ["1.1", "1.2", "2.1", "3.1"]
    assert len(body["levels"]) == 16
    assert {"code": "1.1", "level": 2, "certifiable": True} in body["levels"]
    assert {"code": "5.2", "level": 0, "certifiable": False} in body["levels"]


def test_five_make_a_person_eligible_and_an_older_profile_delivered_later_changes_nothing(service):
    deliver(service, profile_updated({**FOUR, "4.1": 1}, position=2))
    deliver(service, profile_updated(FOUR, position=1))  # older, late
    body = eligibility_of(service).get_json()
    assert body["eligible"] is True and body["missing"] == 0
    assert "4.1" in body["certifiableCompetences"]


def test_someone_without_a_profile_yet_needs_five(service):
    body = eligibility_of(service, str(uuid.uuid4())).get_json()
    assert body == {"eligible": False, "certifiableCompetences": [], "missing": 5, "required": 5, "levels": []}


def test_erasure_removes_the_levels_and_no_later_profile_brings_them_back(service):
    deliver(service, profile_updated({**FOUR, "4.1": 1}, position=2))
    deliver(service, user_anonymized())
    deliver(service, profile_updated({**FOUR, "4.1": 1}, position=3))
    assert eligibility_of(service).get_json()["missing"] == 5
    assert service.db["profiles"].find_one({"_id": USER}) == {"_id": USER, "erased": True}


def test_a_token_is_needed(service):
    answer = client_of(service).get("/api/certification/eligibility")
    assert answer.status_code == 401 and answer.get_json()["code"] == "INVALID_TOKEN"
