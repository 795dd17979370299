"""Benchmark of a profile replay from the start of its topics (not a test): events/s and CPU
per event of the one process that rebuilds the read models.

    .venv/bin/python bench/profile_replay.py [--events 200000] [--competences 4]
        [--replays both|plain|keyed] [--no-headers] [--keep]

On the test stack of PIX_TEST_SLOT (default 0), in topics and databases of its own (a fresh
prefix): fills pix.identity.events and pix.assessment.events with a realistic mix — per
person a UserRegistered, then per competence an AssessmentStarted, ~9 AnswerRecorded and one
CompetenceEvaluated — built from the contract examples and validated against the contracts,
published as the relay publishes (key = user id, record headers). Then runs `pix replay
profile` (the command `make replay SERVICE=profile` runs) as a child process and reports its
wall time, events/s and CPU ms per event (from /proc/<pid>/stat), and checks every profile
document against what the events say. A second run with `--no-headers` publishes records
without headers, as the log held before them. By default it replays twice on the same
topics, back to back: as profile declares its subscriptions today, then as `keyed_documents`
(what its bootstrap would declare), on lanes by key.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

import bson
from pix_contracts import registry
from pix_contracts.framework import PIX_PER_LEVEL, progress
from pixkit.events import Envelope
from pixkit.kafka import make_producer, record_headers
from pixkit.settings import Settings
from pixlocal import infra
from pixlocal.config import test_stack
from pymongo import MongoClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "contracts" / "examples"
COMPETENCES = [f"{area}.{n}" for area, count in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2)) for n in range(1, count + 1)]
ANSWERS_PER_RUN = 9
MAX_LEVEL = 5


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


class Mix:
    """Events of persons, stream by stream, as services would have written them."""

    def __init__(self, competences: int, seed: int = 12) -> None:
        self.competences = competences
        self.random = random.Random(seed)
        self.templates = {name: example(name) for name in
                          ("UserRegistered.v1", "AssessmentStarted.v1", "AnswerRecorded.v1", "CompetenceEvaluated.v2")}
        self.expected: dict[str, dict] = {}  # user id → the profile document's competences

    def envelope(self, template: str, stream: str, position: int, key: str, data: dict) -> Envelope:
        raw = self.templates[template]
        data = registry.validate_data(raw["type"], raw["schema_version"], {**raw["data"], **data})
        return Envelope(id=str(uuid.UUID(int=self.random.getrandbits(128), version=4)), type=raw["type"],
                        schema_version=raw["schema_version"], source=raw["source"], stream=stream,
                        position=position, occurred_at=raw["occurred_at"], key=key, data=data, meta=raw["meta"])

    def person(self) -> list[Envelope]:
        user = str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        events = [self.envelope("UserRegistered.v1", f"user-{user}", 1, user, {"user_id": user})]
        competences = {}
        for code in self.random.sample(COMPETENCES, self.competences):
            stream, assessment = f"competence-{user}-{code.replace('.', '_')}", str(uuid.uuid4())
            ids = {"user_id": user, "competence_code": code, "assessment_id": assessment}
            run = [self.envelope("AssessmentStarted.v1", stream, 1, user, ids)]
            run += [self.envelope("AnswerRecorded.v1", stream, 2 + n, user, ids) for n in range(ANSWERS_PER_RUN)]
            pix = self.random.randrange(0, PIX_PER_LEVEL * MAX_LEVEL + 1)
            level = min(pix // PIX_PER_LEVEL, MAX_LEVEL)
            result = {"pix": pix, "level": level, "max_level": MAX_LEVEL, "progress": progress(pix, level, MAX_LEVEL)}
            run.append(self.envelope("CompetenceEvaluated.v2", stream, 2 + ANSWERS_PER_RUN, user, {**ids, **result}))
            competences[code.replace(".", "_")] = {k: result[k] for k in ("level", "pix", "progress")}
            events += run
        self.expected[user] = competences
        return events


def fill(settings: Settings, events: int, competences: int, headers: bool) -> tuple[Mix, dict[str, int]]:
    mix, counts = Mix(competences), {}
    producer = make_producer(settings, linger_ms=50, batch_size=512 * 1024, max_in_flight_requests_per_connection=5)
    identity, assessment = settings.topic("pix.identity.events"), settings.topic("pix.assessment.events")
    sent = 0
    while sent < events:
        for env in mix.person():
            topic = identity if env.source == "identity" else assessment
            producer.send(topic, key=env.key.encode(), value=env.to_wire(),
                          headers=record_headers(env.type, env.schema_version) if headers else None)
            counts[env.type] = counts.get(env.type, 0) + 1
            sent += 1
    producer.flush(timeout=300)
    producer.close()
    return mix, counts


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


# `pix replay profile`, its subscriptions declared keyed_documents as profile's bootstrap would
# (their documents, profiles and access_revocations, have the records' key, the user id, as _id).
KEYED_REPLAY = """
import sys
import pix_profile.bootstrap as bootstrap
from pixkit import cli
declared = bootstrap.subscriptions
def keyed(settings, db):
    subscriptions = declared(settings, db)
    for subscription in subscriptions:
        subscription.keyed_documents = True
    return subscriptions
bootstrap.subscriptions = keyed
sys.exit(cli.main(["replay", "profile"]))
"""


def run_replay(env: dict[str, str], keyed: bool) -> tuple[float, float, str]:
    """`pix replay profile` as a child process: (wall s, CPU s, its last line). The CPU is read
    while it is a zombie, before it is reaped (cutime holds nothing of its own)."""
    started = time.monotonic()
    argv = ["-c", KEYED_REPLAY] if keyed else ["-m", "pixkit.cli", "replay", "profile"]
    child = subprocess.Popen([sys.executable, *argv], env=env, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
    wall, cpu = time.monotonic() - started, cpu_seconds(child.pid)
    if child.wait() != 0:
        raise SystemExit(f"replay failed:\n{out}")
    return wall, cpu, out.strip().splitlines()[-1]


def check(db, mix: Mix) -> int:
    """Every person's profile document says what its events say; returns how many were checked."""
    documents = {d["_id"]: d for d in db["profiles"].find({})}
    assert set(documents) == set(mix.expected), "one profile document per person"
    for user, competences in mix.expected.items():
        assert documents[user]["competences"] == competences, (user, documents[user], competences)
    return len(documents)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--competences", type=int, default=4, help="competences per person")
    parser.add_argument("--no-headers", action="store_true", help="records as published before the headers")
    parser.add_argument("--replays", choices=("both", "plain", "keyed"), default="both",
                        help="plain: as profile declares its subscriptions today; keyed: as keyed_documents "
                             "(on lanes by key); both: one then the other, on the same topics")
    parser.add_argument("--keep", action="store_true", help="keep the run's topics and read models")
    args = parser.parse_args()
    cfg = test_stack()
    infra.start_store(cfg)
    infra.start_kafka(cfg)
    prefix = f"replay{uuid.uuid4().hex[:6]}_"
    infra.create_topics(cfg.bootstrap, prefix)
    settings = Settings(service="profile", kafka_bootstrap=cfg.bootstrap, mongo_uri=cfg.mongo_uri,
                        db_prefix=prefix, topic_prefix=prefix)
    started = time.monotonic()
    mix, counts = fill(settings, args.events, args.competences, headers=not args.no_headers)
    total = sum(counts.values())
    print(f"published {total} events ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}) "
          f"{'with' if not args.no_headers else 'without'} headers in {time.monotonic() - started:.1f}s")
    env = {**os.environ, **cfg.service_env(), "PIX_DB_PREFIX": prefix, "PIX_TOPIC_PREFIX": prefix}
    client = MongoClient(cfg.mongo_uri)
    db = client[settings.db_name]
    store_pid = int((cfg.run_dir() / "store.pid").read_text())
    rebuilt = []  # each replay's read model, as bytes
    for keyed in {"both": (False, True), "plain": (False,), "keyed": (True,)}[args.replays]:
        store_before = cpu_seconds(store_pid)
        wall, cpu, said = run_replay(env, keyed=keyed)
        store_cpu = cpu_seconds(store_pid) - store_before
        checked = check(db, mix)
        rebuilt.append([bson.encode(d) for d in db["profiles"].find({}).sort("_id", 1)])
        read = int(said.split()[1])  # "replayed N events into …"
        how = "on lanes by key (keyed_documents)" if keyed else "one record after the other"
        print(f"replay {how}: {said}")
        print(f"  {read} events read in {wall:.1f}s wall (process start included) = {read / wall:.0f} events/s, "
              f"CPU {cpu:.1f}s = {1e6 * cpu / read:.0f} µs/event ({read / cpu:.0f} events per CPU second); "
              f"{checked} profile documents checked", flush=True)
        print(f"  the store's CPU meanwhile {store_cpu:.1f}s = {1e6 * store_cpu / read:.0f} µs/event "
              f"(the whole store process: only if nothing else uses this stack)", flush=True)
    if len(rebuilt) == 2:
        same = rebuilt[0] == rebuilt[1]
        print(f"the two replays' profiles documents are {'byte-identical' if same else 'DIFFERENT'}")
        if not same:
            return 1
    if not args.keep:
        client.drop_database(settings.db_name)
        drop_topics(cfg.bootstrap, prefix)
    client.close()
    return 0


def drop_topics(bootstrap: str, prefix: str) -> None:
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        admin.delete_topics([t for t in admin.list_topics() if t.startswith(prefix)])
    finally:
        admin.close()


if __name__ == "__main__":
    sys.exit(main())
