"""Issue 11's campaigns on the running platform, through the gateway: a university's member
creates a profile-collection campaign and an assessment campaign; people join by code (every
message of domain.md §7 first), the assessment campaign's test is taken through
/api/assessments/<participation id> (assessment starts it from sharing's event), the result
comes back, "J'envoie mes résultats" sends it, the participant's row appears in the
campaign's table and its CSV; a profile collection's sending is a share like any other."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest

from ..integration.helpers import wait_for
from .sharing_world import (
    Organization,
    answer_to_the_end,
    my_shares,
    new_organization,
    parse_csv,
    person_with_profile,
    profile_of,
    row_of,
    someone,
    super_admin,
    wait_row,
    wait_sharing_copy,
)

CAMPAIGN_CODE = re.compile(r"[BCDFGHJKMPQRTVWXY]{6}[2346789]{3}")
EMPTY = ("CAMPAIGN_CODE_EMPTY", "Veuillez saisir un code.")
UNKNOWN = ("CAMPAIGN_CODE_UNKNOWN", "Votre code est erroné, veuillez vérifier ou contacter l'organisateur.")
TARGET = ["1.1"]


@pytest.fixture(scope="module")
def university(platform) -> Organization:
    return new_organization(platform, super_admin(platform), "SUP", f"Université Campagnes {uuid.uuid4().hex[:6]}")


def create_campaign(organization: Organization, title: str, kind: str, competences=(), multiple=False) -> dict:
    created = organization.admin.ok("POST", f"/api/organizations/{organization.id}/campaigns", 201,
                                    json={"title": title, "kind": kind, "targetCompetences": list(competences),
                                          "targetTubes": [], "multipleSendings": multiple})
    assert CAMPAIGN_CODE.fullmatch(created["code"]), created
    return created


@pytest.fixture(scope="module")
def campaigns(university) -> dict[str, dict]:
    return {"collection": create_campaign(university, "Licence 1 – collecte", "PROFILES_COLLECTION", multiple=True),
            "assessment": create_campaign(university, "Licence 1 – recherche", "ASSESSMENT", TARGET)}


def participants(member, campaign_id: str, **params) -> dict:
    return member.ok("GET", f"/api/campaigns/{campaign_id}/participants", params={"size": 100, **params})


def participant_row(member, campaign_id: str, user_id: str) -> dict | None:
    return next((r for r in participants(member, campaign_id)["rows"] if r["userId"] == user_id), None)


def wait_participant(member, campaign_id: str, user_id: str, status: str, **fields) -> dict:
    """The participant's row once it has `status` and every field given (a profile
    collection's figures come with the ProfileShared of the same commit, just after)."""
    def seen():
        row = participant_row(member, campaign_id, user_id)
        return row if row and row["status"] == status and all(row[k] == v for k, v in fields.items()) else None
    return wait_for(seen, timeout=30, interval=0.2)


def results(member, campaign_id: str) -> list[dict[str, str]]:
    rows = parse_csv(member.get(f"/api/campaigns/{campaign_id}/results.csv"))
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def results_of(member, campaign_id: str, last_name: str) -> list[dict[str, str]]:
    return [r for r in results(member, campaign_id) if r["Nom du participant"] == last_name]


def test_a_member_creates_campaigns_and_reads_them(platform, university, campaigns):
    admin = university.admin
    refused = admin.post(f"/api/organizations/{university.id}/campaigns",
                         json={"title": "Rien", "kind": "ASSESSMENT", "targetCompetences": [], "targetTubes": []})
    assert refused.status_code == 422 and refused.json()["code"] == "EMPTY_TARGET", refused.text
    wanted = {c["id"] for c in campaigns.values()}
    # The list is a read model: it has both campaigns a moment after their creation.
    wait_for(lambda: {c["id"] for c in admin.ok("GET", f"/api/organizations/{university.id}/campaigns")[
        "campaigns"]} == wanted, timeout=30, interval=0.2)
    read = admin.ok("GET", f"/api/campaigns/{campaigns['assessment']['id']}")
    assert {k: read[k] for k in ("id", "organizationId", "title", "kind", "code", "targetCompetences",
                                 "targetTubes", "multipleSendings", "participants", "shared")} == {
        "id": campaigns["assessment"]["id"], "organizationId": university.id, "title": "Licence 1 – recherche",
        "kind": "ASSESSMENT", "code": campaigns["assessment"]["code"], "targetCompetences": TARGET,
        "targetTubes": [], "multipleSendings": False, "participants": 0, "shared": 0}


def test_joining_by_code_says_every_message(platform, university, campaigns):
    person = someone(platform.gateway_url, "Jules", f"Code{uuid.uuid4().hex[:6]}")
    for typed, status, (code, message) in (("", 422, EMPTY), ("   ", 422, EMPTY), ("BCDFGH234", 404, UNKNOWN),
                                           ("pas un code", 404, UNKNOWN), ("BCDFGH23", 404, UNKNOWN)):
        joined = person.post("/api/campaigns/participations", json={"campaignCode": typed, "studentNumber": "1"})
        assert joined.status_code == status, (typed, joined.text)
        assert (joined.json()["code"], joined.json()["message"]) == (code, message), typed
        if typed.strip():
            found = person.get(f"/api/campaigns/by-code/{typed}")
            assert (found.status_code, found.json()["code"], found.json()["message"]) == (status, code, message)
    code = campaigns["assessment"]["code"]
    typed = f" {code[:3].lower()} {code[3:].lower()} "  # spaces and case are forgiven
    found = person.ok("GET", f"/api/campaigns/by-code/{typed}")
    assert found == {"id": campaigns["assessment"]["id"], "title": "Licence 1 – recherche", "kind": "ASSESSMENT",
                     "organization": {"id": university.id, "displayName": university.name, "type": "SUP"},
                     "studentNumberRequired": True}
    missing = person.post("/api/campaigns/participations", json={"campaignCode": typed})
    assert missing.status_code == 422 and missing.json()["code"] == "STUDENT_NUMBER_REQUIRED", missing.text
    assert missing.json()["message"] == "Votre numéro d'étudiant n'est pas renseigné."
    assert person.ok("GET", "/api/campaigns/participations") == {"participations": []}


def test_a_profile_collection_sends_the_profile_into_both_tables(platform, university, campaigns):
    campaign = campaigns["collection"]
    person = person_with_profile(platform.gateway_url, "4.2", (True, False), "Nina", f"Collecte{uuid.uuid4().hex[:6]}")
    profile = profile_of(person)
    wait_sharing_copy(person, university.code, profile["totalPix"])
    joined = person.ok("POST", "/api/campaigns/participations", 201,
                       json={"campaignCode": campaign["code"], "studentNumber": "21007777"})
    assert joined["campaignId"] == campaign["id"] and joined["kind"] == "PROFILES_COLLECTION"
    again = person.ok("POST", "/api/campaigns/participations", 200,
                      json={"campaignCode": campaign["code"], "studentNumber": "21007777"})
    assert again["participationId"] == joined["participationId"]
    path = f"/api/campaigns/participations/{joined['participationId']}"
    view = person.ok("GET", path)
    assert (view["status"], view["attempt"], view["result"], view["sharedAt"]) == ("TO_SHARE", 1, None, None)

    sent = person.ok("POST", f"{path}/share")
    assert sent["participationId"] == joined["participationId"] and sent["shareId"]
    refused = person.post(f"{path}/share")
    assert refused.status_code == 409 and refused.json()["code"] == "ALREADY_SHARED", refused.text
    assert person.ok("GET", path)["status"] == "SHARED"

    row = wait_participant(university.admin, campaign["id"], person.id, "SHARED", totalPix=profile["totalPix"])
    assert (row["lastName"], row["firstName"], row["studentNumber"], row["sharedAt"]) == (
        person.person.last_name, "Nina", "21007777", sent["sharedAt"])
    assert row["totalPix"] == profile["totalPix"]
    shared = wait_row(university.admin, university.id, person.id, sent["sharedAt"])
    assert shared["campaignIds"] == [campaign["id"]] and shared["totalPix"] == profile["totalPix"]
    only = university.admin.ok("GET", f"/api/organizations/{university.id}/profiles",
                               params={"campaign": campaign["id"], "size": 100})["rows"]
    assert person.id in {r["userId"] for r in only}
    assert all(campaign["id"] in r["campaignIds"] for r in only)
    assert my_shares(person, 1)[0] == {
        "shareId": sent["shareId"], "organizationId": university.id, "displayName": university.name,
        "sharedAt": sent["sharedAt"], "campaignId": campaign["id"]}

    theirs = results_of(university.admin, campaign["id"], person.person.last_name)
    assert len(theirs) == 1
    assert {k: theirs[0][k] for k in ("Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne",
                                      "Prénom du participant", "Numéro étudiant", "Envoi (O/N)", "Date de l'envoi",
                                      "Nombre de pix total")} == {
        "Nom de l'organisation": university.name, "ID Campagne": campaign["id"], "Code": campaign["code"],
        "Nom de la campagne": "Licence 1 – collecte", "Prénom du participant": "Nina",
        "Numéro étudiant": "21007777", "Envoi (O/N)": "O", "Date de l'envoi": sent["sharedAt"][:10],
        "Nombre de pix total": str(profile["totalPix"])}
    by_code = {c["code"]: c for c in profile["competences"]}
    assert theirs[0]["Nombre de pix pour la compétence 4.2"] == str(by_code["4.2"]["pix"])


def test_a_share_with_a_campaign_code_must_name_a_collection_of_that_organization(platform, university, campaigns):
    person = person_with_profile(platform.gateway_url, "5.1", (True,), "Paul", f"Partage{uuid.uuid4().hex[:6]}")
    wait_sharing_copy(person, university.code, profile_of(person)["totalPix"])
    body = {"organizationCode": university.code, "studentNumber": "21008888"}
    refused = person.post("/api/shares", json={**body, "campaignCode": "BCDFGH234"})
    assert (refused.status_code, refused.json()["code"], refused.json()["message"]) == (404, *UNKNOWN), refused.text
    elsewhere = new_organization(platform, super_admin(platform), "PRO")
    theirs = create_campaign(elsewhere, "Ailleurs", "PROFILES_COLLECTION", multiple=True)
    # An assessment campaign, or another organization's collection, is no campaign of this share.
    for code in (campaigns["assessment"]["code"], theirs["code"]):
        wrong = person.post("/api/shares", json={**body, "campaignCode": code})
        assert (wrong.status_code, wrong.json()["code"], wrong.json()["message"]) == (404, *UNKNOWN), wrong.text
    sent = person.ok("POST", "/api/shares", 201, json={**body, "campaignCode": campaigns["collection"]["code"]})
    row = wait_row(university.admin, university.id, person.id, sent["sharedAt"])
    assert row["campaignIds"] == [campaigns["collection"]["id"]]


def test_an_assessment_campaign_from_joining_to_the_sent_result(platform, university, campaigns):
    campaign = campaigns["assessment"]
    person = person_with_profile(platform.gateway_url, "2.2", (True,), "Éva", f"Parcours{uuid.uuid4().hex[:6]}")
    before = profile_of(person)
    joined = person.ok("POST", "/api/campaigns/participations", 201,
                       json={"campaignCode": campaign["code"], "studentNumber": "21006666"})
    assert joined["kind"] == "ASSESSMENT"
    path = f"/api/campaigns/participations/{joined['participationId']}"
    early = person.post(f"{path}/share")
    assert early.status_code == 409 and early.json()["code"] == "NOT_COMPLETED", early.text
    assert person.ok("GET", path)["status"] == "STARTED"

    # Assessment starts the test from sharing's event: the participation id is its id.
    def started():
        answer = person.get(f"/api/assessments/{joined['participationId']}")
        return answer.json() if answer.status_code == 200 else None
    view = wait_for(started, timeout=30, interval=0.3)
    assert view["kind"] == "campaign" and view["state"] == "started"
    assert someone(platform.gateway_url).get(f"/api/assessments/{joined['participationId']}").status_code == 404
    done = answer_to_the_end(person, view, (True, True, False), limit=200)
    result = done["result"]
    assert {c["code"] for c in result["competences"]} == set(TARGET)

    def to_share():
        seen = person.ok("GET", path)
        return seen if seen["status"] == "TO_SHARE" else None
    view = wait_for(to_share, timeout=30, interval=0.2)
    assert view["result"] == result and view["completedAt"]
    assert view["canRetry"] is False and view["retryAt"] is None
    row = wait_participant(university.admin, campaign["id"], person.id, "TO_SHARE")
    assert row["masteryRate"] is None or row["masteryRate"] == result["masteryRate"]

    sent = person.ok("POST", f"{path}/share")
    assert person.ok("GET", path)["status"] == "SHARED"
    row = wait_participant(university.admin, campaign["id"], person.id, "SHARED")
    assert (row["masteryRate"], row["sharedAt"], row["studentNumber"]) == (result["masteryRate"], sent["sharedAt"],
                                                                            "21006666")
    assert row["competences"] == result["competences"]
    retry = person.post(f"{path}/retry")
    assert retry.status_code == 409 and retry.json()["code"] == "RETRY_NOT_ALLOWED", retry.text
    again = person.post("/api/campaigns/participations", json={"campaignCode": campaign["code"],
                                                               "studentNumber": "21006666"})
    assert again.status_code == 409 and again.json()["code"] == "ALREADY_PARTICIPATED", again.text
    read = university.admin.ok("GET", f"/api/campaigns/{campaign['id']}")
    assert read["participants"] >= 1 and read["shared"] >= 1

    theirs = results_of(university.admin, campaign["id"], person.person.last_name)
    assert len(theirs) == 1
    assert {k: theirs[0][k] for k in ("Prénom du participant", "Numéro étudiant", "Envoi (O/N)", "Date de l'envoi",
                                      "% de maîtrise de l'ensemble des acquis du profil",
                                      "% de maîtrise des acquis de la compétence 1.1",
                                      "% de maîtrise des acquis du domaine 1")} == {
        "Prénom du participant": "Éva", "Numéro étudiant": "21006666", "Envoi (O/N)": "O",
        "Date de l'envoi": sent["sharedAt"][:10],
        "% de maîtrise de l'ensemble des acquis du profil": str(result["masteryRate"]),
        "% de maîtrise des acquis de la compétence 1.1": str(result["competences"][0]["masteryRate"]),
        "% de maîtrise des acquis du domaine 1": str(result["competences"][0]["masteryRate"])}
    # A campaign's answers never change the positioning profile.
    assert profile_of(person)["totalPix"] == before["totalPix"]
    assert row_of(university.admin, university.id, person.id) is None  # an assessment shares no profile


def test_retry_rules_with_multiple_sendings(platform, university, campaigns):
    """An assessment campaign with multiple sendings: no retry before 4 days after sending
    (RETRY_TOO_EARLY, with the date); a profile collection: send again at any time, a new
    participation and a new snapshot."""
    assessment = create_campaign(university, "Licence 1 – fichiers", "ASSESSMENT", ["1.2"], multiple=True)
    person = person_with_profile(platform.gateway_url, "3.3", (True,), "Rémi", f"Encore{uuid.uuid4().hex[:6]}")
    joined = person.ok("POST", "/api/campaigns/participations", 201,
                       json={"campaignCode": assessment["code"], "studentNumber": "21004444"})
    path = f"/api/campaigns/participations/{joined['participationId']}"

    def started():
        answer = person.get(f"/api/assessments/{joined['participationId']}")
        return answer.json() if answer.status_code == 200 else None
    answer_to_the_end(person, wait_for(started, timeout=30, interval=0.3), (True, False, False), limit=200)
    wait_for(lambda: person.ok("GET", path)["status"] == "TO_SHARE", timeout=30, interval=0.2)
    early = person.post(f"{path}/retry")
    assert early.status_code == 409 and early.json()["code"] == "RETRY_NOT_ALLOWED", early.text  # not sent yet
    sent = person.ok("POST", f"{path}/share")
    view = person.ok("GET", path)
    assert view["result"]["masteryRate"] < 100
    assert view["canRetry"] is False and view["retryAt"]
    assert parse_iso(view["retryAt"]) == parse_iso(sent["sharedAt"]) + timedelta(days=4)
    refused = person.post(f"{path}/retry")
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "RETRY_TOO_EARLY"
    assert refused.json()["message"] == "Vous pourrez repasser le parcours 4 jours après l'envoi de vos résultats."
    assert parse_iso(refused.json()["details"]["retryAt"]) == parse_iso(view["retryAt"])

    collection = campaigns["collection"]  # multiple sendings
    total_pix = profile_of(person)["totalPix"]
    wait_sharing_copy(person, university.code, total_pix)  # the snapshot is made from sharing's copy
    first = person.ok("POST", "/api/campaigns/participations", 201,
                      json={"campaignCode": collection["code"], "studentNumber": "21004444"})
    first_sent = person.ok("POST", f"/api/campaigns/participations/{first['participationId']}/share")
    again = person.ok("POST", f"/api/campaigns/participations/{first['participationId']}/retry", 201)
    assert again["participationId"] != first["participationId"]
    second = person.ok("GET", f"/api/campaigns/participations/{again['participationId']}")
    assert (second["attempt"], second["status"]) == (2, "TO_SHARE")
    second_sent = person.ok("POST", f"/api/campaigns/participations/{again['participationId']}/share")
    assert second_sent["shareId"] != first_sent["shareId"]
    row = wait_participant(university.admin, collection["id"], person.id, "SHARED", sharedAt=second_sent["sharedAt"],
                           totalPix=total_pix)  # the figures come with the ProfileShared just after
    assert row["totalPix"] == profile_of(person)["totalPix"]
    wait_row(university.admin, university.id, person.id, second_sent["sharedAt"])
    history = university.admin.ok("GET", f"/api/organizations/{university.id}/profiles/{person.id}")["history"]
    assert [h["shareId"] for h in history] == [second_sent["shareId"], first_sent["shareId"]]
