"""The campaigns projection: duplicates change nothing, any order ends alike, a replay
rebuilds `campaigns`, `participations` and `campaign_tables` byte-identically, and an
erasure removes the person from all of them (and from the participation vault) for good."""
import copy
import json
import random

import pytest
from pix_sharing.adapters.tables import iter_rows
from pix_sharing.projections.campaigns import READ_MODELS

from .test_campaigns_support import Platform

pytestmark = pytest.mark.unit


def scenario():
    """Two campaigns of one organization; Alice sends an assessment, retries, and sends a
    profile collection; Bruno starts the assessment only."""
    world = Platform()
    org = world.organization()
    member = world.member(org)
    assessment = world.create(org, member, multipleSendings=True)
    collection = world.create(org, member, kind="PROFILES_COLLECTION", title="Collecte")
    alice, bruno = world.person("Alice", "Martin"), world.person("Bruno", "Durand")
    world.profile(alice, {"1.1": 2})
    first = world.join(alice, assessment["code"]).get_json()["participationId"]
    world.pump()
    completed = [world.completed(first, alice, assessment["id"], mastery=50)]
    world.deliver(completed[0])
    world.share(alice, first)
    world.clock.advance(days=4)
    second = world.retry(alice, first).get_json()["participationId"]
    completed.append(world.completed(second, alice, assessment["id"], mastery=80))
    world.join(bruno, assessment["code"])
    collected = world.join(alice, collection["code"]).get_json()["participationId"]
    world.share(alice, collected)
    world.pump()
    world.deliver(completed[1])
    world.events = list(world.log)  # the order the loop read them in (two topics interleaved)
    assert {e.id for e in world.events} == {e.id for e in world.envelopes() + completed}
    world.ids = {"assessment": assessment["id"], "collection": collection["id"], "alice": alice, "bruno": bruno,
                 "member": member}
    return world


def exact(world) -> dict:
    return {name: json.dumps(world.db[name].docs) for name in READ_MODELS}


def content(world) -> dict:
    """What any order must end with: the documents, and each table's rows, sorted (a table's
    versions count its writes, which depend on the order)."""
    docs = {name: json.dumps(world.db[name].docs, sort_keys=True) for name in ("campaigns", "participations")}
    for campaign in (world.ids["assessment"], world.ids["collection"]):
        docs[campaign] = json.dumps(sorted(iter_rows(world.db["campaign_tables"], campaign)), sort_keys=True)
    return docs


def rebuilt(world, events, times: int = 1) -> Platform:
    """A fresh worker over the same command-side collections (vaults, people), fed `events`."""
    again = Platform(clock=world.clock)
    for name in ("participation_vault", "people", "share_vault"):
        again.db[name].docs = copy.deepcopy(world.db[name].docs)
    again.ids = world.ids
    for envelope in events:
        for _ in range(times):
            again.deliver(envelope)
    return again


@pytest.fixture(scope="module")
def world():
    return scenario()


def test_the_read_models_after_the_scenario(world):
    ids = world.ids
    rows = dict(iter_rows(world.db["campaign_tables"], ids["assessment"]))
    assert set(rows) == {ids["alice"], ids["bruno"]}
    assert (rows[ids["alice"]]["a"], rows[ids["alice"]]["t"]) == (2, "TO_SHARE")  # the retry, done, not sent
    assert rows[ids["alice"]]["m"] is None  # its result stays the participant's until sent
    assert rows[ids["bruno"]]["t"] == "STARTED"
    (collected,) = dict(iter_rows(world.db["campaign_tables"], ids["collection"])).values()
    assert (collected["t"], collected["p"], collected["lv"]) == ("SHARED", 16, "2" + "0" * 15)
    index = world.db["participations"].find_one({"_id": f"user:{ids['alice']}"})
    assert index["attempts"] == {ids["assessment"]: 2, ids["collection"]: 1} and len(index["all"]) == 3


def test_a_replay_rebuilds_every_read_model_byte_identically(world):
    """In the order the loop read the events first; in another interleaving of the topics
    the tables' version counters may differ, never their rows (test_any_order_ends_alike)."""
    assert exact(rebuilt(world, world.events)) == exact(world)


def test_duplicates_change_nothing(world):
    assert exact(rebuilt(world, world.events, times=2)) == exact(world)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_any_order_ends_alike(world, seed):
    shuffled = list(world.events)
    random.Random(seed).shuffle(shuffled)
    assert content(rebuilt(world, shuffled)) == content(world)


def test_reversed_order_ends_alike(world):
    assert content(rebuilt(world, list(reversed(world.events)))) == content(world)


def _traces(world, user: str) -> list[str]:
    found = []
    for name in (*READ_MODELS, "participation_vault"):
        for doc_id, doc in world.db[name].docs.items():
            if user in json.dumps(doc) or user in str(doc_id):
                found.append(f"{name}:{doc_id}")
    return found


def test_erasure_removes_the_person_everywhere_for_good():
    world = scenario()
    alice, bruno = world.ids["alice"], world.ids["bruno"]
    world.deliver(world.anonymized(alice))
    assert _traces(world, alice) == [f"participations:user:{alice}"]
    assert world.db["participations"].find_one({"_id": f"user:{alice}"}) == {"_id": f"user:{alice}", "erased": True}
    for envelope in world.events:  # everything again, late: nothing comes back
        world.deliver(envelope)
    assert _traces(world, alice) == [f"participations:user:{alice}"]
    assert [k for k, _ in iter_rows(world.db["campaign_tables"], world.ids["assessment"])] == [bruno]
    member = world.headers(world.ids["member"])
    csv = world.client.get(f"/api/campaigns/{world.ids['collection']}/results.csv", headers=member)
    assert "Alice" not in csv.get_data(as_text=True)
    read = world.client.get(f"/api/campaigns/{world.ids['assessment']}", headers=member).get_json()
    assert (read["participants"], read["shared"]) == (1, 0)


def test_an_erasure_delivered_first_wins_too(world):
    alice = world.ids["alice"]
    again = rebuilt(world, [world.anonymized(alice), *world.events])
    assert _traces(again, alice) == [f"participations:user:{alice}"]
    assert {k for k, _ in iter_rows(again.db["campaign_tables"], world.ids["assessment"])} == {world.ids["bruno"]}
