"""A profile collection on the real broker and store: a member creates the campaign through
sharing's app, a person joins it by its typed code and sends their profile; sharing's relay
publishes CampaignParticipationShared and ProfileShared (one commit) and the worker's
"campaigns" loop puts the row in the campaign's participants table, the "shares" loop in the
organization's. The results CSV holds the snapshot sent; an erasure takes the row away."""
import csv
import io
import json
import uuid

from pix_contracts.framework import COMPETENCE_CODES
from pix_contracts.topics import PEOPLE
from pix_sharing.adapters.tables import ChunkedTable, iter_rows
from pix_sharing.bootstrap import bootstrap
from pix_sharing.domain.organizations import CreateOrganization
from pix_sharing.entrypoints.http import create_app
from pixkit.events import PendingEvent, utc_now_iso
from pixkit.kafka import make_producer
from pixkit.memberships import memberships_of
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.store import EventStore
from pixkit.testing import TokenMint
from pixkit.worker import build_loops
from pymongo import MongoClient

from .helpers import envelopes, read_topic, wait_for

LOOPS = ("people", "copies", "organizations", "shares", "campaigns")


def profile_updated(user_id: str, pix: dict[str, int]) -> PendingEvent:
    competences = [{"code": c, "level": pix.get(c, 0) // 8, "pix": pix.get(c, 0), "progress": pix.get(c, 0) % 8}
                   for c in COMPETENCE_CODES]
    return PendingEvent("ProfileUpdated", 1, {"user_id": user_id, "total_pix": sum(pix.values()),
                                              "competences": competences, "updated_at": utc_now_iso()})


def publish_person(sharing, user_id: str, first_name: str, last_name: str) -> None:
    """The person on identity's people topic, as identity publishes a new account."""
    producer = make_producer(sharing)
    producer.send(sharing.topic(PEOPLE), key=user_id.encode(), value=json.dumps({
        "user_id": user_id, "first_name": first_name, "last_name": last_name,
        "email": f"{first_name.lower()}@example.fr", "updated_at": utc_now_iso()}).encode())
    producer.flush(timeout=10)
    producer.close()


def run(loops, until, timeout: float = 40.0):
    def turn():
        for loop in loops:
            if hasattr(loop, "poll_once"):
                loop.poll_once()
            else:
                loop.publish_once()
        return until()
    return wait_for(turn, timeout=timeout, interval=0)


def test_a_profile_collection_from_creation_to_the_participants_table(settings_for):
    sharing, profile, identity = settings_for("sharing"), settings_for("profile"), settings_for("identity")
    client = MongoClient(sharing.mongo_uri)
    db = client[sharing.db_name]
    container = bootstrap(sharing, db, env={})
    loops = build_loops(sharing, db, [s for s in container.subscriptions if s.name in LOOPS])
    mint = TokenMint()
    app = create_app(sharing, service_container=container, ready_checks={}, verifier=mint.verifier()).test_client()
    alice, member = str(uuid.uuid4()), str(uuid.uuid4())
    try:
        organization = container.execute(CreateOrganization("Université de Lille", "SUP", "admin@univ.example",
                                                            str(uuid.uuid4())))
        # The member as the "organizations" loop leaves an accepted invitation (the invitation
        # itself is test_sharing_organizations.py's).
        memberships_of(db).grant("organization", organization["id"], member, "MEMBER", 2)
        publish_person(sharing, alice, "Élodie", "Lefèvre")
        profile_db = client[profile.db_name]
        EventStore(profile_db, "profile").append(f"profile-{alice}", 0, [profile_updated(alice, {"1.1": 19, "3.2": 8})],
                                                 key=alice)
        wait_idle(OutboxRelay(profile_db, lambda: make_producer(profile), profile.events_topic, "profile"))
        run(loops, lambda: db["organizations"].find_one({"_id": organization["id"]})
            and (db["profiles"].find_one({"_id": alice}) or {}).get("total_pix") == 27
            and db["people"].find_one({"_id": alice}))

        created = app.post(f"/api/organizations/{organization['id']}/campaigns", headers=mint.headers(member),
                           json={"title": "Collecte 2025", "kind": "PROFILES_COLLECTION", "multipleSendings": False})
        assert created.status_code == 201, created.get_json()
        campaign = created.get_json()
        typed = " ".join(campaign["code"][i:i + 3] for i in (0, 3, 6)).lower()
        found = app.get(f"/api/campaigns/by-code/{typed}", headers=mint.headers(alice)).get_json()
        assert found["organization"]["displayName"] == "Université de Lille" and found["studentNumberRequired"]
        joined = app.post("/api/campaigns/participations", headers=mint.headers(alice),
                          json={"campaignCode": typed, "studentNumber": "2201"})
        assert joined.status_code == 201, joined.get_json()
        participation = joined.get_json()["participationId"]
        sent = app.post(f"/api/campaigns/participations/{participation}/share", headers=mint.headers(alice))
        assert sent.status_code == 200, sent.get_json()
        share_id = sent.get_json()["shareId"]

        def participant():
            page = app.get(f"/api/campaigns/{campaign['id']}/participants", headers=mint.headers(member)).get_json()
            return page["rows"] if page["rows"] and page["rows"][0]["status"] == "SHARED" else None

        (row,) = run(loops, participant)
        assert (row["userId"], row["lastName"], row["firstName"], row["studentNumber"]) == (
            alice, "Lefèvre", "Élodie", "2201")
        assert (row["totalPix"], row["certifiableCompetences"]) == (27, 2)
        org_row = run(loops, lambda: ChunkedTable(db["org_tables"], organization["id"]).get(alice))
        assert org_row["sh"] == share_id and org_row["k"] == [campaign["id"]]
        published = envelopes(read_topic(sharing.kafka_bootstrap, sharing.events_topic, 6))
        same_commit = [e for e in published if e.stream == f"participation-{campaign['id']}-{alice}"]
        assert [e.type for e in same_commit] == ["CampaignParticipationStarted", "CampaignParticipationShared",
                                                 "ProfileShared"]

        exported = app.get(f"/api/campaigns/{campaign['id']}/results.csv", headers=mint.headers(member))
        header, line = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"), newline=""),
                                       delimiter=";"))
        cells = dict(zip(header, line, strict=True))
        assert (cells["Nom du participant"], cells["Numéro étudiant"], cells["Envoi (O/N)"],
                cells["Nombre de pix total"], cells["Niveau pour la compétence 1.1"]) == ("Lefèvre", "2201", "O",
                                                                                          "27", "2")

        identity_db = client[identity.db_name]
        EventStore(identity_db, "identity").append(f"user-{alice}", 0, [PendingEvent(
            "UserAnonymized", 1, {"user_id": alice, "anonymized_at": utc_now_iso()})], key=alice)
        wait_idle(OutboxRelay(identity_db, lambda: make_producer(identity), identity.events_topic, "identity"))
        run(loops, lambda: (db["participations"].find_one({"_id": f"user:{alice}"}) or {}).get("erased"))
        assert dict(iter_rows(db["campaign_tables"], campaign["id"])) == {}
        assert db["participations"].find_one({"_id": participation}) is None
        assert db["participation_vault"].find_one({"_id": participation}) is None
    finally:
        for loop in loops:
            getattr(loop, "close", lambda: None)()
        client.close()


def test_an_assessment_campaign_from_creation_to_the_sent_result(settings_for):
    """Both services' real loops: sharing's participation starts assessment's campaign test,
    its end comes back to sharing's "campaigns" loop, the participant sends the result."""
    from pix_assessment.bootstrap import bootstrap as assessment_bootstrap
    from pix_assessment.domain.content import load_bank
    from pix_assessment.domain.content.reference import reference_answer
    from pix_assessment.entrypoints.http import create_app as assessment_app

    sharing, assessment = settings_for("sharing"), settings_for("assessment")
    client = MongoClient(sharing.mongo_uri)
    db = client[sharing.db_name]
    container = bootstrap(sharing, db, env={})
    tests = assessment_bootstrap(assessment, client[assessment.db_name], env={})
    loops = [*build_loops(sharing, db, [s for s in container.subscriptions if s.name in LOOPS]),
             *build_loops(assessment, client[assessment.db_name], tests.reactors)]
    mint, bank = TokenMint(), load_bank()
    app = create_app(sharing, service_container=container, ready_checks={}, verifier=mint.verifier()).test_client()
    tests_api = assessment_app(assessment, tests, ready_checks={}, verifier=mint.verifier()).test_client()
    alice, member = str(uuid.uuid4()), str(uuid.uuid4())
    try:
        organization = container.execute(CreateOrganization("Lycée Berlioz", "SCO", "admin@lycee.example",
                                                            str(uuid.uuid4())))
        memberships_of(db).grant("organization", organization["id"], member, "ADMIN", 2)
        publish_person(sharing, alice, "Alice", "Martin")  # a join waits for sharing's copy of the person
        run(loops, lambda: db["people"].find_one({"_id": alice}))
        created = app.post(f"/api/organizations/{organization['id']}/campaigns", headers=mint.headers(member),
                           json={"title": "Recherche", "kind": "ASSESSMENT", "targetTubes": ["@motscles"]})
        assert created.status_code == 201, created.get_json()
        campaign = created.get_json()
        participation = app.post("/api/campaigns/participations", headers=mint.headers(alice),
                                 json={"campaignCode": campaign["code"]}).get_json()["participationId"]

        auth = mint.headers(alice)
        view = run(loops, lambda: (lambda a: a.get_json() if a.status_code == 200 else None)(
            tests_api.get(f"/api/assessments/{participation}", headers=auth)))
        answered = 0
        while view["state"] == "started":
            challenge = bank.challenge_by_id[view["challenge"]["id"]]
            body = {"challengeId": challenge.id, "answer": reference_answer(challenge, view["challenge"]["proposals"])}
            reply = tests_api.post(f"/api/assessments/{participation}/answers", json=body, headers=auth)
            assert reply.status_code == 201, reply.get_json()
            view, answered = reply.get_json()["assessment"], answered + 1
            assert answered <= 20

        def to_share():
            mine = app.get(f"/api/campaigns/participations/{participation}", headers=auth).get_json()
            return mine if mine["status"] == "TO_SHARE" else None

        mine = run(loops, to_share)
        assert mine["result"]["masteryRate"] == view["result"]["masteryRate"]
        assert mine["result"]["targetSkills"] == view["result"]["targetSkills"]
        sent = app.post(f"/api/campaigns/participations/{participation}/share", headers=auth)
        assert sent.status_code == 200, sent.get_json()

        def shared_row():
            rows = app.get(f"/api/campaigns/{campaign['id']}/participants",
                           headers=mint.headers(member)).get_json()["rows"]
            return rows if rows and rows[0]["status"] == "SHARED" else None

        (row,) = run(loops, shared_row)
        assert row["userId"] == alice and row["masteryRate"] == view["result"]["masteryRate"]
        assert [c["code"] for c in row["competences"]] == [c["code"] for c in view["result"]["competences"]]
    finally:
        for loop in loops:
            getattr(loop, "close", lambda: None)()
        client.close()
