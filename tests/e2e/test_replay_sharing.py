"""`pixlocal replay --test --service sharing` on the running platform, after a compact version
of issue 11's flows (organizations and members, direct shares, a profile collection and an
assessment campaign sent, a person erased): every read-model collection sharing declares
(`read_model_collections`), dropped and rebuilt from the topics, comes back with the same
documents, byte-identical, and the worker goes on afterwards. The replay reads the topics'
partitions in another order than the live loops did: every read model is a function of the
events, not of their order (documents merged from several partitions keep their keys sorted,
pixkit.upserts.keep_canonical; a chunked table puts a row in a bucket by a hash of its key
and versions chunks by digests, pix_sharing/adapters/tables.py)."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

import bson
import pytest
from pix_sharing.bootstrap import bootstrap
from pymongo import MongoClient

from ..integration.helpers import wait_for
from .sharing_world import (
    answer_to_the_end,
    new_member,
    new_organization,
    person_with_profile,
    profile_of,
    row_of,
    share,
    someone,
    super_admin,
    wait_row,
    wait_sharing_copy,
)

PIXLOCAL = Path(sys.executable).parent / "pixlocal"


def read_models(platform) -> list[str]:
    container = bootstrap(platform.settings("sharing"))
    try:
        return list(container.read_model_collections)
    finally:
        container.db.client.close()


def dump(db, collections: list[str]) -> dict[str, list[bytes]]:
    return {name: [bson.encode(d) for d in db[name].find({}).sort("_id", 1)] for name in collections}


def first_difference(before: list[bytes], after: list[bytes]) -> tuple:
    """The first document that differs, as it was and as the replay wrote it (for the report)."""
    for was, now in zip(before, after, strict=False):
        if was != now:
            was, now = bson.decode(was), bson.decode(now)
            return was["_id"], differences(was, now)[:5]
    return len(before), len(after)


def differences(was, now, path: str = "") -> list[str]:
    if isinstance(was, dict) and isinstance(now, dict):
        if list(was) != list(now) and set(was) == set(now):
            return [f"{path}: keys in another order"]
        return [d for key in sorted(set(was) | set(now), key=str)
                for d in differences(was.get(key), now.get(key), f"{path}.{key}")]
    return [] if was == now else [f"{path}: {str(was)[:200]} -> {str(now)[:200]}"]


def settled(db, collections: list[str], quiet: float = 3.0, timeout: float = 60.0) -> dict[str, list[bytes]]:
    """The read models once the live loops have nothing left to write: two dumps `quiet`
    seconds apart that agree."""
    deadline, previous = time.monotonic() + timeout, dump(db, collections)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        current = dump(db, collections)
        if current == previous:
            return current
        previous = current
    raise AssertionError("sharing's read models kept changing")


def compact_flows(platform) -> None:
    base, tag = platform.gateway_url, uuid.uuid4().hex[:6]
    admin = super_admin(platform)
    university = new_organization(platform, admin, "SUP", f"Université Rejeu {tag}")
    new_member(platform, university, "MEMBER")
    collection = university.admin.ok("POST", f"/api/organizations/{university.id}/campaigns", 201,
                                      json={"title": f"Collecte {tag}", "kind": "PROFILES_COLLECTION",
                                            "targetCompetences": [], "targetTubes": [], "multipleSendings": True})
    assessment = university.admin.ok("POST", f"/api/organizations/{university.id}/campaigns", 201,
                                      json={"title": f"Parcours {tag}", "kind": "ASSESSMENT",
                                            "targetCompetences": ["1.1"], "targetTubes": [],
                                            "multipleSendings": False})
    people = [person_with_profile(base, code, (True, False), first, f"Rejeu{tag}{n}")
              for n, (code, first) in enumerate((("1.3", "Ana"), ("4.2", "Bob"), ("5.1", "Céline")))]
    for n, person in enumerate(people):
        wait_sharing_copy(person, university.code, profile_of(person)["totalPix"])
        sent = share(person, university, studentNumber=f"2200{n}")
        wait_row(university.admin, university.id, person.id, sent["sharedAt"])
        joined = person.ok("POST", "/api/campaigns/participations", 201,
                           json={"campaignCode": collection["code"], "studentNumber": f"2200{n}"})
        person.ok("POST", f"/api/campaigns/participations/{joined['participationId']}/share")
    taker = people[0]
    joined = taker.ok("POST", "/api/campaigns/participations", 201,
                      json={"campaignCode": assessment["code"], "studentNumber": "22000"})

    def started():
        answer = taker.get(f"/api/assessments/{joined['participationId']}")
        return answer.json() if answer.status_code == 200 else None
    answer_to_the_end(taker, wait_for(started, timeout=30), (True, False), limit=200)
    path = f"/api/campaigns/participations/{joined['participationId']}"
    wait_for(lambda: taker.ok("GET", path)["status"] == "TO_SHARE", timeout=30)
    taker.ok("POST", f"{path}/share")
    erased = people[2]
    assert erased.call("DELETE", "/api/users/me").status_code == 204
    wait_for(lambda: row_of(university.admin, university.id, erased.id) is None, timeout=30)
    # A person whose names sharing has but who shared nothing.
    someone(base, "Denis", f"Rejeu{tag}")


@dataclass
class Replayed:
    collections: list[str]
    before: dict[str, list[bytes]]
    after: dict[str, list[bytes]]


@pytest.fixture(scope="module")
def replayed(platform) -> Replayed:
    compact_flows(platform)
    collections = read_models(platform)
    settings = platform.settings("sharing")
    client = MongoClient(settings.mongo_uri)
    db = client[settings.db_name]
    try:
        before = settled(db, collections)
        run = subprocess.run([str(PIXLOCAL), "replay", "--test", "--service", "sharing"],
                             capture_output=True, text=True, timeout=540)
        assert run.returncode == 0, run.stderr[-2000:]
        assert "replayed" in run.stdout
        return Replayed(collections, before, dump(db, collections))
    finally:
        client.close()


def canonical(doc: dict) -> dict:
    """A document as its meaning, not its bytes: keys in sorted order, a chunk's packed rows
    unpacked (so that a difference names the row and field, not the whole chunk)."""
    doc = dict(doc)
    if "packed" in doc:
        doc["packed"] = json.loads(zlib.decompress(base64.b64decode(doc["packed"])))
    return json.loads(json.dumps(doc, sort_keys=True, default=str))


def test_replaying_sharing_rebuilds_every_read_model(replayed):
    assert {"organizations", "memberships", "shares", "share_index", "org_tables", "campaigns",
            "participations", "campaign_tables", "people", "profiles"} <= set(replayed.collections)
    assert all(replayed.before[name] for name in ("organizations", "shares", "org_tables", "participations",
                                                  "campaign_tables"))
    different = {}
    for name in replayed.collections:
        was = [canonical(bson.decode(d)) for d in replayed.before[name]]
        now = [canonical(bson.decode(d)) for d in replayed.after[name]]
        if was != now:
            pairs = [(a, b) for a, b in zip(was, now, strict=False) if a != b]
            different[name] = (pairs[0][0]["_id"], differences(*pairs[0])[:5]) if pairs else (len(was), len(now))
    assert different == {}, different


def test_replaying_sharing_rebuilds_every_read_model_byte_identically(replayed):
    different = {name: first_difference(replayed.before[name], replayed.after[name])
                 for name in replayed.collections if replayed.after[name] != replayed.before[name]}
    assert different == {}, different


def test_the_worker_goes_on_after_the_replay(platform, replayed):
    tag = uuid.uuid4().hex[:6]
    organization = new_organization(platform, super_admin(platform), "PRO", f"Après Rejeu {tag}")
    late = person_with_profile(platform.gateway_url, "2.2", (True,), "Tardif", f"Rejeu{tag}")
    wait_sharing_copy(late, organization.code, profile_of(late)["totalPix"])
    wait_row(organization.admin, organization.id, late.id, share(late, organization)["sharedAt"])
