"""The "shares" projection through the real dispatcher: the latest share per person and
organization makes the row, `k` gathers the campaigns, duplicates and any order change
nothing, a replay rebuilds byte-identical documents, and an erasure removes the person for good."""
import json
import uuid

import pytest
from pix_sharing.adapters.share_vault import SharedIdentity, ShareVault
from pix_sharing.adapters.tables import ChunkedTable, iter_rows
from pix_sharing.bootstrap import bootstrap
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, unit_settings

CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2")
ALICE = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
BOB = "8d1e2f3a-4b5c-4d6e-8f70-1a2b3c4d5e6f"
COLLEGE = "0b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e"
COMPANY = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
CAMPAIGN_A = "2d3e4f5a-6b7c-4d8e-9fa0-b1c2d3e4f5a6"
CAMPAIGN_B = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
COLLECTIONS = ("shares", "share_index", "org_tables", "share_vault")


class Record:
    def __init__(self, value: bytes) -> None:
        self.key, self.value = None, value


def service():
    return bootstrap(unit_settings("sharing"), FakeDatabase(), env={})


def deliver(service, value: bytes) -> None:
    subscription = next(s for s in service.subscriptions if s.name == "shares")
    outcome, error, _ = dispatcher_for(subscription, "unit", sleep=lambda _: None).handle_record(Record(value))
    assert (outcome, error) == ("handled", None)


class Person:
    """One person's shares, as the web handler makes them: the vault entry, then the event."""

    def __init__(self, user_id: str, first: str, last: str) -> None:
        self.user_id, self.first, self.last, self.position = user_id, first, last, 0

    def shares(self, services, organization_id: str, shared_at: str, pix: int, *, campaign_id=None,
               share_id=None, student_number=None) -> bytes:
        share_id = share_id or str(uuid.uuid4())
        for target in services:
            ShareVault(target.db["share_vault"]).put(share_id, SharedIdentity(self.user_id, self.first, self.last,
                                                                              student_number))
        self.position += 1
        competences = [{"code": c, "level": 0, "pix": 0, "progress": 0} for c in CODES]
        competences[3] = {"code": "2.1", "level": pix // 8, "pix": pix, "progress": pix % 8}
        stream = (f"participation-{campaign_id}-{self.user_id}" if campaign_id else f"shares-{self.user_id}")
        return Envelope(
            id=str(uuid.uuid4()), type="ProfileShared", schema_version=1, source="sharing", stream=stream,
            position=self.position, occurred_at=shared_at, key=self.user_id,
            data={"share_id": share_id, "user_id": self.user_id, "organization_id": organization_id,
                  "campaign_id": campaign_id, "participation_id": str(uuid.uuid4()) if campaign_id else None,
                  "shared_at": shared_at, "total_pix": pix, "profile_percent": 6 if pix else 0,
                  "certifiable_competences": 1 if pix >= 8 else 0, "competences": competences,
                  "profile_updated_at": None}).to_wire()

    def anonymized(self) -> bytes:
        return Envelope(id=str(uuid.uuid4()), type="UserAnonymized", schema_version=1, source="identity",
                        stream=f"user-{self.user_id}", position=9, occurred_at="2025-04-01T00:00:00.000000Z",
                        key=self.user_id, data={"user_id": self.user_id,
                                                "anonymized_at": "2025-04-01T00:00:00.000000Z"}).to_wire()


def at(day: int) -> str:
    return f"2025-03-{day:02d}T10:00:00.000000Z"


def dump(service) -> str:
    """Every document of the projection's collections, in store order, keys in their order."""
    return json.dumps({name: list(service.db[name].docs.values()) for name in COLLECTIONS})


def table(service, organization_id: str) -> dict:
    return dict(iter_rows(service.db["org_tables"], organization_id))


@pytest.fixture
def history():
    """Alice shares with the college directly, through two campaigns, and with a company;
    Bob shares once with the college."""
    alice, bob = Person(ALICE, "Alice", "Martin"), Person(BOB, "Bob", "Durand")

    def make(*services):
        return [alice.shares(services, COLLEGE, at(1), 8),
                alice.shares(services, COLLEGE, at(5), 20, campaign_id=CAMPAIGN_A),
                bob.shares(services, COLLEGE, at(2), 12),
                alice.shares(services, COMPANY, at(3), 16),
                alice.shares(services, COLLEGE, at(4), 30, campaign_id=CAMPAIGN_B)]
    return make


def test_the_latest_share_per_person_and_organization_makes_the_row_and_k_gathers_campaigns(history):
    target = service()
    events = history(target)
    for value in events:
        deliver(target, value)
    college = table(target, COLLEGE)
    assert set(college) == {ALICE, BOB}
    latest = json.loads(events[1])["data"]["share_id"]  # day 5, though it came second
    assert (college[ALICE]["sh"], college[ALICE]["p"], college[ALICE]["d"]) == (latest, 20, at(5))
    assert college[ALICE]["k"] == sorted([CAMPAIGN_A, CAMPAIGN_B])
    assert (college[BOB]["l"], college[BOB]["f"], college[BOB]["k"]) == ("Durand", "Bob", [])
    assert table(target, COMPANY)[ALICE]["p"] == 16
    index = target.db["share_index"].find_one({"_id": ALICE})
    assert list(index["organizations"]) == sorted([COLLEGE, COMPANY])
    assert [e["shared_at"] for e in index["sent"]] == [at(1), at(3), at(4), at(5)]


def test_at_the_same_moment_the_larger_share_id_wins():
    target, alice = service(), Person(ALICE, "Alice", "Martin")
    low = alice.shares([target], COLLEGE, at(1), 8, share_id="00000000-0000-4000-8000-000000000001")
    high = alice.shares([target], COLLEGE, at(1), 16, share_id="ffffffff-0000-4000-8000-000000000001")
    for value in (high, low):
        deliver(target, value)
    assert table(target, COLLEGE)[ALICE]["p"] == 16


def test_duplicates_change_nothing(history):
    once, twice = service(), service()
    events = history(once, twice)
    for value in events:
        deliver(once, value)
    for value in events:
        deliver(twice, value)
        deliver(twice, value)
    for value in events:
        deliver(twice, value)
    assert dump(twice) == dump(once)


def test_any_order_gives_the_same_snapshots_index_and_rows(history):
    ordered, shuffled = service(), service()
    events = history(ordered, shuffled)
    for value in events:
        deliver(ordered, value)
    for value in (events[4], events[2], events[0], events[3], events[1]):
        deliver(shuffled, value)
    for name in ("shares", "share_index"):
        assert {k: v for k, v in ordered.db[name].docs.items()} == {k: v for k, v in shuffled.db[name].docs.items()}
    assert json.dumps(ordered.db["share_index"].find_one({"_id": ALICE})) == \
        json.dumps(shuffled.db["share_index"].find_one({"_id": ALICE}))
    for organization_id in (COLLEGE, COMPANY):
        assert table(ordered, organization_id) == table(shuffled, organization_id)


def test_a_replay_into_an_empty_database_rebuilds_byte_identical_documents(history):
    live = service()
    events = history(live)
    for value in events:
        deliver(live, value)
    rebuilt = service()
    for doc in live.db["share_vault"].docs.values():  # the vault is command side: a replay keeps it
        rebuilt.db["share_vault"].insert_one(doc)
    for value in events:
        deliver(rebuilt, value)
    assert dump(rebuilt) == dump(live)


def test_erasure_removes_every_row_snapshot_index_entry_and_vault_entry_for_good(history):
    target = service()
    events = history(target)
    for value in events:
        deliver(target, value)
    alice = Person(ALICE, "Alice", "Martin")
    deliver(target, alice.anonymized())
    assert set(table(target, COLLEGE)) == {BOB} and table(target, COMPANY) == {}
    assert ChunkedTable(target.db["org_tables"], COLLEGE).get(ALICE) is None
    assert all(doc["user_id"] == BOB for doc in target.db["shares"].docs.values())
    vault = target.db["share_vault"].docs
    assert all(doc["user_id"] == BOB for key, doc in vault.items() if not key.startswith("person:"))
    assert f"person:{ALICE}" not in vault and f"person:{BOB}" in vault
    assert target.db["share_index"].find_one({"_id": ALICE}) == {"_id": ALICE, "erased": True}
    before = dump(target)
    for value in events:  # redelivered, or a share sent just before the erasure
        deliver(target, value)
    deliver(target, alice.anonymized())
    assert dump(target) == before
    late = alice.shares([target], COLLEGE, at(9), 40)
    deliver(target, late)
    assert dump(target) == before  # not back, and its vault entry is gone with it
    assert "Alice" not in dump(target) and "Martin" not in dump(target)


def test_an_erasure_before_the_shares_wins_too(history):
    erased_first, erased_last = service(), service()
    events = history(erased_first, erased_last)
    alice = Person(ALICE, "Alice", "Martin")
    deliver(erased_first, alice.anonymized())
    for value in events:
        deliver(erased_first, value)
        deliver(erased_last, value)
    deliver(erased_last, alice.anonymized())
    for name in ("shares", "share_index", "share_vault"):
        assert erased_first.db[name].docs == erased_last.db[name].docs, name
    assert table(erased_first, COLLEGE) == table(erased_last, COLLEGE) and set(table(erased_last, COLLEGE)) == {BOB}


def test_a_delivery_cut_short_is_finished_by_the_next_one():
    target, alice = service(), Person(ALICE, "Alice", "Martin")
    value = alice.shares([target], COLLEGE, at(1), 8)
    deliver(target, value)
    target.db["share_index"].delete_one({"_id": ALICE})  # as if the loop died after the snapshot
    target.db["org_tables"].docs.clear()
    deliver(target, value)
    assert table(target, COLLEGE)[ALICE]["p"] == 8
    assert target.db["share_index"].find_one({"_id": ALICE})["organizations"] == {
        COLLEGE: [json.loads(value)["data"]["share_id"]]}


def test_the_worker_runs_the_shares_loop_on_sharing_and_identity_events():
    target = service()
    loop = next(s for s in target.subscriptions if s.name == "shares")
    assert set(loop.handlers) == {"ProfileShared", "UserAnonymized"}
    assert loop.topics == ["pix.sharing.events", "pix.identity.events"]
    assert {"shares", "share_index", "org_tables"} <= set(target.read_model_collections)
    assert "share_vault" not in target.read_model_collections  # command side: a replay must not drop it


def test_an_erasure_also_removes_vault_entries_no_event_names():
    """A request that died between its vault entry and its ProfileShared left names behind."""
    target = service()
    orphan = str(uuid.uuid4())
    ShareVault(target.db["share_vault"]).put(orphan, SharedIdentity(ALICE, "Alice", "Martin", "2100042"))
    deliver(target, Person(ALICE, "Alice", "Martin").anonymized())
    assert target.db["share_vault"].docs == {}
