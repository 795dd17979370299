"""The share flow through sharing's real app and worker dispatchers: the preview, "Envoyer",
the list of what a person shared, and the organization's table row the projection makes."""
import json
import uuid
from functools import partial

import pytest
from pix_sharing.adapters import vault_people
from pix_sharing.adapters.tables import ChunkedTable
from pix_sharing.bootstrap import bootstrap
from pix_sharing.entrypoints.http import create_app
from pix_sharing.handlers import shares as shares_handlers
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2")
ALICE = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
BOB = "8d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f"
COLLEGE = "0b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e"
UNIVERSITY = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
MINT = TokenMint()
AT = "2025-03-01T09:00:00.000000Z"


class Record:
    def __init__(self, key: str, value: bytes | None) -> None:
        self.key, self.value = key.encode(), value


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(clock):
    service = bootstrap(unit_settings("sharing"), FakeDatabase(), clock=clock, env={})
    organizations = service.db["organizations"]
    for org_id, name, kind, code in ((COLLEGE, "Collège Jean Moulin", "SCO", "ABCD-2345"),
                                      (UNIVERSITY, "Université de Lille", "SUP", "WXYZ-6789")):
        organizations.insert_one({"_id": org_id, "display_name": name, "type": kind, "code": code,
                                  "created_at": AT})
        organizations.insert_one({"_id": f"code:{code}", "organization_id": org_id})
    for user_id, first, last in ((ALICE, "Alice", "Martin"), (BOB, "Bob", "Durand")):
        deliver(service, "people", Record(user_id, json.dumps({
            "user_id": user_id, "first_name": first, "last_name": last, "email": f"{first}@example.fr",
            "updated_at": AT}).encode()))
    return service


@pytest.fixture
def client(service):
    return create_app(unit_settings("sharing"), service, ready_checks={}, verifier=MINT.verifier()).test_client()


def deliver(service, name: str, record: Record) -> None:
    subscription = next(s for s in service.subscriptions if s.name == name)
    outcome, error, _ = dispatcher_for(subscription, "unit", sleep=lambda _: None).handle_record(record)
    assert (outcome, error) == ("handled", None)


def profile_updated(service, user_id: str, pix: dict, position: int) -> None:
    competences = [{"code": c, "level": min(pix.get(c, 0) // 8, 5), "pix": pix.get(c, 0),
                    "progress": pix.get(c, 0) % 8} for c in CODES]
    envelope = Envelope(id=str(uuid.uuid4()), type="ProfileUpdated", schema_version=1, source="profile",
                        stream=f"profile-{user_id}", position=position, occurred_at=AT, key=user_id,
                        data={"user_id": user_id, "total_pix": sum(pix.values()), "competences": competences,
                              "updated_at": f"2025-03-01T09:0{position}:00.000000Z"})
    deliver(service, "copies", Record(user_id, envelope.to_wire()))


def project_shares(service, user_id: str) -> list[Envelope]:
    """What the worker's "shares" loop does with the person's ProfileShared events."""
    appended = service.store.read_stream(f"shares-{user_id}")
    for envelope in appended:
        deliver(service, "shares", Record(user_id, envelope.to_wire()))
    return appended


def share(client, user_id: str, **body):
    return client.post("/api/shares", json=body, headers=MINT.headers(user_id))


def preview(client, user_id: str, code: str, language: str = "fr"):
    return client.get("/api/shares/preview", query_string={"code": code},
                      headers={**MINT.headers(user_id), "Accept-Language": language})


@pytest.mark.parametrize("typed", ["ABCD-2345", "abcd2345", " ab cd - 23 45 ", "a-b-c-d-2-3-4-5", "AbCd 2345"])
def test_the_code_is_found_whatever_its_spaces_dashes_and_case(client, typed):
    answer = preview(client, ALICE, typed)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["organization"] == {"id": COLLEGE, "displayName": "Collège Jean Moulin",
                                                 "type": "SCO"}
    assert share(client, ALICE, organizationCode=typed).get_json()["organizationId"] == COLLEGE


@pytest.mark.parametrize("typed", ["ABCD-2346", "ABCD-23456", "ZZZZ", "héhé", "1234-ABCD"])
def test_an_unknown_code_answers_the_seed_message(client, service, typed):
    for answer in (preview(client, ALICE, typed), share(client, ALICE, organizationCode=typed)):
        assert answer.status_code == 404
        assert answer.get_json()["code"] == "ORGANIZATION_CODE_UNKNOWN"
        assert answer.get_json()["message"] == "Ce code ne correspond à aucune organisation."
    assert preview(client, ALICE, typed, "en").get_json()["message"] == "This code does not match any organization."
    assert service.store.read_stream(f"shares-{ALICE}") == []


@pytest.mark.parametrize("typed", ["", "   ", " - ", "--"])
def test_an_empty_code_is_asked_for_again(client, service, typed):
    for answer in (preview(client, ALICE, typed), share(client, ALICE, organizationCode=typed)):
        assert answer.status_code == 422
        assert answer.get_json()["code"] == "ORGANIZATION_CODE_EMPTY"
        assert answer.get_json()["message"] == "Veuillez saisir le code de l'organisation."
    missing = client.get("/api/shares/preview", headers=MINT.headers(ALICE))
    assert missing.status_code == 422 and missing.get_json()["code"] == "ORGANIZATION_CODE_EMPTY"
    assert service.store.read_stream(f"shares-{ALICE}") == []


@pytest.mark.parametrize("number", [None, "", "   "])
def test_a_university_needs_the_student_number(client, service, number):
    assert preview(client, ALICE, "WXYZ-6789").get_json()["studentNumberRequired"] is True
    body = {"organizationCode": "WXYZ-6789"} if number is None else {"organizationCode": "WXYZ-6789",
                                                                      "studentNumber": number}
    answer = client.post("/api/shares", json=body, headers=MINT.headers(ALICE))
    assert answer.status_code == 422
    assert answer.get_json()["code"] == "STUDENT_NUMBER_REQUIRED"
    assert answer.get_json()["message"] == "Votre numéro d'étudiant n'est pas renseigné."
    assert service.store.read_stream(f"shares-{ALICE}") == []
    assert service.db["share_vault"].docs == {}


def test_the_student_number_goes_to_a_university_only(client, service):
    to_university = share(client, ALICE, organizationCode="wxyz6789", studentNumber="  22001234 ")
    assert to_university.status_code == 201
    to_college = share(client, ALICE, organizationCode="ABCD-2345", studentNumber="22001234")
    assert preview(client, ALICE, "ABCD-2345").get_json()["studentNumberRequired"] is False
    vault = service.db["share_vault"]
    assert vault.find_one({"_id": to_university.get_json()["shareId"]})["student_number"] == "22001234"
    assert vault.find_one({"_id": to_college.get_json()["shareId"]})["student_number"] is None
    project_shares(service, ALICE)
    assert ChunkedTable(service.db["org_tables"], UNIVERSITY).get(ALICE)["s"] == "22001234"
    assert ChunkedTable(service.db["org_tables"], COLLEGE).get(ALICE)["s"] == ""
    too_long = share(client, ALICE, organizationCode="WXYZ-6789", studentNumber="9" * 65)
    assert too_long.status_code == 422


def test_a_person_with_no_result_yet_shares_sixteen_competences_at_zero(client, service):
    profile = preview(client, BOB, "ABCD-2345").get_json()["profile"]
    assert profile == {"totalPix": 0, "profilePercent": 0, "certifiableCompetences": 0, "updatedAt": None,
                       "competences": [{"code": c, "level": 0, "pix": 0} for c in CODES]}
    assert share(client, BOB, organizationCode="ABCD-2345").status_code == 201
    [event] = project_shares(service, BOB)
    assert event.data["total_pix"] == 0 and len(event.data["competences"]) == 16
    assert ChunkedTable(service.db["org_tables"], COLLEGE).get(BOB)["lv"] == "0" * 16


def test_the_snapshot_is_the_profile_when_sent_even_if_it_changes_a_second_later(client, service):
    profile_updated(service, ALICE, {"1.1": 19, "2.3": 8, "5.2": 3}, position=1)
    sent = preview(client, ALICE, "ABCD-2345").get_json()["profile"]
    assert (sent["totalPix"], sent["profilePercent"], sent["certifiableCompetences"]) == (30, 18, 2)
    shared = share(client, ALICE, organizationCode="ABCD-2345")
    assert shared.status_code == 201
    body = shared.get_json()
    assert body["organizationId"] == COLLEGE and body["sharedAt"] == "2025-03-01T09:30:00.000000Z"
    profile_updated(service, ALICE, {"1.1": 40, "2.3": 8, "5.2": 3, "4.1": 16}, position=2)  # a second later
    [event] = project_shares(service, ALICE)
    assert not {"first_name", "last_name", "student_number", "email"} & set(event.data)  # no names in events
    snapshot = service.db["shares"].find_one({"_id": body["shareId"]})
    assert snapshot["total_pix"] == 30 and snapshot["profile_percent"] == 18
    assert [(c["code"], c["level"], c["pix"]) for c in snapshot["competences"] if c["pix"]] == [
        ("1.1", 2, 19), ("2.3", 1, 8), ("5.2", 0, 3)]
    assert (snapshot["first_name"], snapshot["last_name"]) == ("Alice", "Martin")
    assert snapshot["profile_updated_at"] == "2025-03-01T09:01:00.000000Z"
    row = ChunkedTable(service.db["org_tables"], COLLEGE).get(ALICE)
    assert row == {"l": "Martin", "f": "Alice", "d": body["sharedAt"], "p": 30, "c": 18, "s": "", "k": [],
                   "lv": "2000010000000000", "px": [19, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], "n": 2,
                   "sh": body["shareId"]}
    assert preview(client, ALICE, "ABCD-2345").get_json()["profile"]["totalPix"] == 67  # what would go now


def test_sharing_again_sends_a_new_snapshot_and_the_row_follows(client, service, clock):
    profile_updated(service, ALICE, {"1.1": 10}, position=1)
    first = share(client, ALICE, organizationCode="ABCD-2345").get_json()
    clock.advance(hours=1)
    profile_updated(service, ALICE, {"1.1": 10, "3.2": 12}, position=2)
    second = share(client, ALICE, organizationCode="ABCD-2345").get_json()
    assert second["shareId"] != first["shareId"]
    project_shares(service, ALICE)
    assert service.db["shares"].find_one({"_id": first["shareId"]})["total_pix"] == 10
    assert service.db["shares"].find_one({"_id": second["shareId"]})["total_pix"] == 22
    row = ChunkedTable(service.db["org_tables"], COLLEGE).get(ALICE)
    assert (row["sh"], row["p"]) == (second["shareId"], 22)
    index = service.db["share_index"].find_one({"_id": ALICE})
    assert sorted(index["organizations"][COLLEGE]) == sorted([first["shareId"], second["shareId"]])


def test_a_person_sees_what_they_shared_with_whom_and_when_newest_first(client, service, clock):
    assert client.get("/api/shares", headers=MINT.headers(ALICE)).get_json() == {"shares": []}
    first = share(client, ALICE, organizationCode="ABCD-2345").get_json()
    clock.advance(days=2)
    second = share(client, ALICE, organizationCode="WXYZ-6789", studentNumber="42").get_json()
    right_away = client.get("/api/shares", headers=MINT.headers(ALICE)).get_json()["shares"]  # before the worker
    project_shares(service, ALICE)
    listed = client.get("/api/shares", headers=MINT.headers(ALICE)).get_json()["shares"]
    assert right_away == listed == [
        {"shareId": second["shareId"], "organizationId": UNIVERSITY, "displayName": "Université de Lille",
         "sharedAt": "2025-03-03T09:30:00.000000Z", "campaignId": None},
        {"shareId": first["shareId"], "organizationId": COLLEGE, "displayName": "Collège Jean Moulin",
         "sharedAt": "2025-03-01T09:30:00.000000Z", "campaignId": None}]
    assert client.get("/api/shares", headers=MINT.headers(BOB)).get_json() == {"shares": []}  # only one's own


def test_every_route_needs_a_signed_in_person(client):
    for answer in (client.get("/api/shares"), client.get("/api/shares/preview?code=ABCD-2345"),
                   client.post("/api/shares", json={"organizationCode": "ABCD-2345"})):
        assert answer.status_code == 401



@pytest.fixture
def campaigns(service):
    """ShareProfile bound to the campaigns feature's ShareThroughCampaign (the lead's wiring),
    and one campaign of each kind: {name: (campaign id, code)}."""
    from pix_sharing.domain.campaigns import CreateCampaign, ShareThroughCampaign
    from pix_sharing.domain.shares import ShareProfile

    service.handlers[ShareProfile] = partial(service.handlers[ShareProfile], through_campaign=lambda command, meta:
                                             service.execute(command, meta))
    assert ShareThroughCampaign in service.handlers
    made = {}
    for name, org_id, kind in (("collection", COLLEGE, "PROFILES_COLLECTION"), ("test", COLLEGE, "ASSESSMENT"),
                               ("elsewhere", UNIVERSITY, "PROFILES_COLLECTION")):
        targets = (("1.1",), ()) if kind == "ASSESSMENT" else ((), ())
        created = service.execute(CreateCampaign(org_id, BOB, f"Campagne {name}", kind, *targets, True))
        made[name] = (created.campaign_id, created.code)
    return made


def test_a_campaign_code_sends_through_that_profile_collection(client, service, campaigns):
    campaign_id, code = campaigns["collection"]
    typed = " ".join(code[i:i + 3] for i in range(0, 9, 3)).lower()  # spaces and case tolerated
    answer = share(client, ALICE, organizationCode="ABCD-2345", campaignCode=typed)
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["organizationId"] == COLLEGE
    assert service.store.read_stream(f"shares-{ALICE}") == []  # the participation holds it instead
    sent = [e for e in service.store.read_stream(f"participation-{campaign_id}-{ALICE}") if e.type == "ProfileShared"]
    assert [e.data["share_id"] for e in sent] == [body["shareId"]] and sent[0].data["campaign_id"] == campaign_id
    deliver(service, "shares", Record(ALICE, sent[0].to_wire()))
    row = ChunkedTable(service.db["org_tables"], COLLEGE).get(ALICE)
    assert (row["sh"], row["k"], row["l"]) == (body["shareId"], [campaign_id], "Martin")
    [listed] = client.get("/api/shares", headers=MINT.headers(ALICE)).get_json()["shares"]
    assert (listed["shareId"], listed["campaignId"]) == (body["shareId"], campaign_id)
    blank = share(client, ALICE, organizationCode="ABCD-2345", campaignCode="  ")  # optional: a direct share
    assert blank.status_code == 201 and len(service.store.read_stream(f"shares-{ALICE}")) == 1


@pytest.mark.parametrize("which", ["test", "elsewhere", "unknown"])
def test_a_campaign_code_must_be_a_profile_collection_of_that_organization(client, service, campaigns, which):
    code = campaigns[which][1] if which in campaigns else "BCDFGH234"
    answer = share(client, ALICE, organizationCode="ABCD-2345", campaignCode=code)
    assert answer.status_code == 404
    assert answer.get_json()["code"] == "CAMPAIGN_CODE_UNKNOWN"
    assert answer.get_json()["message"] == "Votre code est erroné, veuillez vérifier ou contacter l'organisateur."
    assert service.store.read_stream(f"shares-{ALICE}") == []
    assert service.db["share_vault"].docs == {}


def test_an_erased_person_has_shared_nothing_any_more(client, service):
    from pix_sharing.handlers.shares_queries import ReadMyShares

    share(client, ALICE, organizationCode="ABCD-2345")
    project_shares(service, ALICE)
    assert len(service.execute(ReadMyShares(ALICE))) == 1
    deliver(service, "shares", Record(ALICE, Envelope(
        id=str(uuid.uuid4()), type="UserAnonymized", schema_version=1, source="identity", stream=f"user-{ALICE}",
        position=2, occurred_at=AT, key=ALICE, data={"user_id": ALICE, "anonymized_at": AT}).to_wire()))
    assert service.execute(ReadMyShares(ALICE)) == []  # its stream still holds the event: ids and figures only
    assert ChunkedTable(service.db["org_tables"], COLLEGE).get(ALICE) is None


NEWCOMER = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716"


def test_an_account_sharing_has_not_heard_of_yet_is_refused_with_nothing_written(client, service, monkeypatch):
    monkeypatch.setattr(shares_handlers, "PERSON_WAIT_S", 0.3)
    answer = share(client, NEWCOMER, organizationCode="ABCD-2345")
    assert answer.status_code == 409
    assert answer.get_json()["code"] == "ACCOUNT_NOT_READY"
    assert answer.get_json()["message"] == ("Votre compte est encore en cours de préparation. "
                                            "Réessayez dans quelques secondes.")
    assert service.store.read_stream(f"shares-{NEWCOMER}") == []
    assert service.db["share_vault"].find_one({"_id": vault_people.person_id(NEWCOMER)}) is None  # no entry listed


def test_a_share_waits_for_the_people_copy_to_catch_up_and_keeps_the_names():
    people = FakeDatabase()["people"]
    naps = []

    def the_copy_arrives(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 3:
            people.insert_one({"_id": NEWCOMER, "first_name": "Inès", "last_name": "Nouvel"})
    identity = shares_handlers.shared_identity(people, NEWCOMER, None, sleep=the_copy_arrives)
    assert (identity.first_name, identity.last_name, len(naps)) == ("Inès", "Nouvel", 3)
