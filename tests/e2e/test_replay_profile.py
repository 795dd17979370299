"""`make replay SERVICE=profile` on the running platform: the profile read model, dropped and
rebuilt from the topics, comes back byte-identical, and the worker goes on afterwards."""
from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import bson
import requests
from pymongo import MongoClient

from ..integration.helpers import wait_for

PIXLOCAL = Path(sys.executable).parent / "pixlocal"


def sign_up(platform) -> str:
    body = {"firstName": "Noé", "lastName": "Martin", "email": f"noe.{uuid.uuid4().hex[:12]}@example.fr",
            "password": "Secret123"}
    answer = requests.post(f"{platform.gateway_url}/api/users", json=body, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def has_profile(platform, user_id: str) -> bool:
    return requests.get(f"{platform.gateway_url}/api/profile/{user_id}", timeout=10).status_code == 200


def test_replaying_profile_rebuilds_identical_documents_and_the_worker_resumes(platform):
    users = [sign_up(platform) for _ in range(5)]
    wait_for(lambda: all(has_profile(platform, u) for u in users), timeout=30)
    settings = platform.settings("profile")
    client = MongoClient(settings.mongo_uri)
    profiles = client[settings.db_name]["profiles"]
    before = [bson.encode(d) for d in profiles.find({}).sort("_id", 1)]
    assert len(before) >= 5

    run = subprocess.run([str(PIXLOCAL), "replay", "--test", "--service", "profile"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "replayed" in run.stdout

    assert [bson.encode(d) for d in profiles.find({}).sort("_id", 1)] == before
    late = sign_up(platform)  # the restarted worker goes on projecting
    wait_for(lambda: has_profile(platform, late), timeout=30)
    client.close()
