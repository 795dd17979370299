"""The share flow on the real broker and store: profile's ProfileUpdated and identity's
person reach sharing's copies, a person shares through sharing's app, and the worker's
loops (sharing's relay, then "shares") put their row in the organization's table. The
snapshot stays what was sent when the profile moves on; an erasure takes the row away."""
import json
import time
import uuid

from pix_contracts.framework import COMPETENCE_CODES
from pix_contracts.topics import PEOPLE
from pix_sharing.adapters.tables import ChunkedTable, iter_rows
from pix_sharing.bootstrap import bootstrap
from pix_sharing.domain.organizations import CreateOrganization
from pix_sharing.entrypoints.http import create_app
from pixkit.events import PendingEvent, utc_now_iso
from pixkit.kafka import make_producer
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.replay import replay
from pixkit.store import EventStore
from pixkit.testing import TokenMint
from pixkit.worker import build_loops
from pymongo import MongoClient

from .helpers import wait_for

LOOPS = ("people", "copies", "organizations", "shares")
READ_MODELS = ("shares", "share_index", "org_tables")


def dump(db) -> str:
    return json.dumps({name: sorted(db[name].find({}), key=lambda d: d["_id"]) for name in READ_MODELS})


def profile_updated(user_id: str, pix: dict[str, int]) -> PendingEvent:
    competences = [{"code": c, "level": pix.get(c, 0) // 8, "pix": pix.get(c, 0), "progress": pix.get(c, 0) % 8}
                   for c in COMPETENCE_CODES]
    return PendingEvent("ProfileUpdated", 1, {"user_id": user_id, "total_pix": sum(pix.values()),
                                              "competences": competences, "updated_at": utc_now_iso()})


def run(loops, until, timeout: float = 40.0):
    """Turns the worker's loops (relays publish, consumers poll) until `until()` holds."""
    def turn():
        for loop in loops:
            if hasattr(loop, "poll_once"):
                loop.poll_once()
            else:
                loop.publish_once()
        return until()
    return wait_for(turn, timeout=timeout, interval=0)


def test_a_share_through_the_app_lands_in_the_organizations_table(settings_for):
    sharing, profile = settings_for("sharing"), settings_for("profile")
    client = MongoClient(sharing.mongo_uri)
    db = client[sharing.db_name]
    container = bootstrap(sharing, db, env={})
    loops = build_loops(sharing, db, [s for s in container.subscriptions if s.name in LOOPS])
    profile_store = EventStore(client[profile.db_name], "profile")
    profile_relay = OutboxRelay(client[profile.db_name], lambda: make_producer(profile), profile.events_topic,
                                "profile")
    mint = TokenMint()
    app = create_app(sharing, service_container=container, ready_checks={}, verifier=mint.verifier()).test_client()
    alice, admin = str(uuid.uuid4()), str(uuid.uuid4())

    organization = container.execute(CreateOrganization("Université de Lille", "SUP", "admin@univ.example", admin))
    producer = make_producer(sharing)
    producer.send(sharing.topic(PEOPLE), key=alice.encode(), value=json.dumps({
        "user_id": alice, "first_name": "Élodie", "last_name": "Lefèvre", "email": "elodie@example.fr",
        "updated_at": utc_now_iso()}).encode())
    producer.flush(timeout=10)
    producer.close()
    profile_store.append(f"profile-{alice}", 0, [profile_updated(alice, {"1.1": 19, "3.2": 8})], key=alice)
    wait_idle(profile_relay)
    run(loops, lambda: db["organizations"].find_one({"_id": organization["id"]})
        and (db["profiles"].find_one({"_id": alice}) or {}).get("total_pix") == 27
        and db["people"].find_one({"_id": alice}))

    typed = organization["code"].lower().replace("-", " ")
    shown = app.get("/api/shares/preview", query_string={"code": typed}, headers=mint.headers(alice)).get_json()
    assert shown["organization"]["displayName"] == "Université de Lille" and shown["studentNumberRequired"]
    sent_at = time.monotonic()
    answer = app.post("/api/shares", json={"organizationCode": typed, "studentNumber": "2201"},
                      headers=mint.headers(alice))
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    # The profile moves on right after "Envoyer": the organization keeps what was sent.
    profile_store.append(f"profile-{alice}", 1, [profile_updated(alice, {"1.1": 40, "3.2": 8})], key=alice)
    wait_idle(profile_relay)

    table = ChunkedTable(db["org_tables"], organization["id"])
    row = run(loops, lambda: table.get(alice))
    lag = time.monotonic() - sent_at
    assert row == {"l": "Lefèvre", "f": "Élodie", "d": body["sharedAt"], "p": 27, "c": 12, "s": "2201", "k": [],
                   "lv": "2000000010000000", "px": [19, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0], "n": 2,
                   "sh": body["shareId"]}
    run(loops, lambda: (db["profiles"].find_one({"_id": alice}) or {}).get("total_pix") == 48)
    assert table.get(alice)["p"] == 27 and db["shares"].find_one({"_id": body["shareId"]})["total_pix"] == 27
    listed = app.get("/api/shares", headers=mint.headers(alice)).get_json()["shares"]
    assert [(s["shareId"], s["displayName"]) for s in listed] == [(body["shareId"], "Université de Lille")]
    assert lag < 30  # generous: this tier proves the path; docs/benchmarks.md measures the lag

    # A replay into emptied collections writes the very same documents, key order included.
    shares_loop = next(s for s in container.subscriptions if s.name == "shares")
    before = dump(db)
    assert replay(sharing, db, [shares_loop], list(READ_MODELS)) >= 1
    assert dump(db) == before

    # An erasure: the row, the snapshot and the vault entry go, for good.
    identity = settings_for("identity")
    identity_db = client[identity.db_name]
    EventStore(identity_db, "identity").append(f"user-{alice}", 0, [PendingEvent(
        "UserAnonymized", 1, {"user_id": alice, "anonymized_at": utc_now_iso()})], key=alice)
    wait_idle(OutboxRelay(identity_db, lambda: make_producer(identity), identity.events_topic, "identity"))
    run(loops, lambda: (db["share_index"].find_one({"_id": alice}) or {}).get("erased"))
    assert dict(iter_rows(db["org_tables"], organization["id"])) == {}
    assert db["shares"].find_one({"_id": body["shareId"]}) is None
    assert db["share_vault"].find_one({"_id": body["shareId"]}) is None
    for loop in loops:
        getattr(loop, "close", lambda: None)()
    client.close()
