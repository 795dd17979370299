"""`make replay SERVICE=profile` on the running platform: the profile read model, dropped and
rebuilt from the topics, comes back byte-identical, and the worker goes on afterwards."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import bson
import requests
from pymongo import MongoClient

from ..integration.helpers import wait_for
from .people import new_person

PIXLOCAL = Path(sys.executable).parent / "pixlocal"


def has_profile(platform, person) -> bool:
    return requests.get(f"{platform.gateway_url}/api/profile/{person.id}", headers=person.auth(),
                        timeout=10).status_code == 200


def test_replaying_profile_rebuilds_identical_documents_and_the_worker_resumes(platform):
    people = [new_person(platform.gateway_url, "Noé", "Martin") for _ in range(5)]
    wait_for(lambda: all(has_profile(platform, p) for p in people), timeout=30)
    settings = platform.settings("profile")
    client = MongoClient(settings.mongo_uri)
    profiles = client[settings.db_name]["profiles"]
    before = [bson.encode(d) for d in profiles.find({}).sort("_id", 1)]
    assert len(before) >= 5
    events = client[settings.db_name]["events"]
    # Each person's ProfileUpdated (from the reactor) is there before the replay…
    wait_for(lambda: all(events.find_one({"_id": f"profile-{p.id}:000000001"}) for p in people), timeout=30)

    run = subprocess.run([str(PIXLOCAL), "replay", "--test", "--service", "profile"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "replayed" in run.stdout

    assert [bson.encode(d) for d in profiles.find({}).sort("_id", 1)] == before
    # …and the replay published nothing again: the reactor is not part of it.
    assert all(events.find_one({"_id": f"profile-{p.id}:000000002"}) is None for p in people)
    late = new_person(platform.gateway_url, "Noé", "Martin")  # the restarted worker goes on projecting
    wait_for(lambda: has_profile(platform, late), timeout=30)
    client.close()
