"""Benchmark of the event pipeline on this machine (not a test): appends/s through the event
store, published/s by the relay, projected/s by a consumer, and the append→projected lag.

    .venv/bin/python bench/event_pipeline.py [--events 2000] [--rate 100] [--seconds 10]

Runs on the test stack (var/test, other ports), in databases and topics of its own.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid

from pixkit.consumer import ConsumerLoop, Dispatcher, Subscription
from pixkit.events import PendingEvent, utc_now_iso
from pixkit.kafka import make_consumer, make_producer
from pixkit.projection import apply_once
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.settings import Settings
from pixkit.store import EventStore
from pixlocal import infra
from pixlocal.config import test_stack
from pymongo import MongoClient


def event() -> PendingEvent:
    return PendingEvent("UserRegistered", 1, {"user_id": str(uuid.uuid4()), "locale": "fr",
                                              "registered_at": utc_now_iso()})


def settings_pair(prefix: str) -> tuple[Settings, Settings]:
    cfg = test_stack()
    base = dict(kafka_bootstrap=cfg.bootstrap, mongo_uri=cfg.mongo_uri, db_prefix=prefix, topic_prefix=prefix)
    return Settings(service="identity", **base), Settings(service="profile", **base)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100.0, help="appends/s during the lag run")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    cfg = test_stack()
    infra.start_store(cfg)
    infra.start_kafka(cfg)
    prefix = f"bench{uuid.uuid4().hex[:6]}_"
    infra.create_topics(cfg.bootstrap, prefix)
    identity, profile = settings_pair(prefix)
    client = MongoClient(cfg.mongo_uri)
    store = EventStore(client[identity.db_name], "identity")
    relay = OutboxRelay(store.db, lambda: make_producer(identity), identity.events_topic, "identity")
    people = client[profile.db_name]["people"]
    applied_at: dict[str, float] = {}

    def project(envelope):
        apply_once(people, envelope.key, envelope, {"$set": {"locale": envelope.data["locale"]}})
        applied_at[envelope.id] = time.perf_counter()

    sub = Subscription("bench", [identity.events_topic]).on("UserRegistered", project)
    group = profile.group("bench")
    loop = ConsumerLoop(make_consumer(profile, group, sub.topics), lambda: make_producer(profile),
                        Dispatcher(sub, group), profile.dlq_topic)

    n = args.events
    t0 = time.perf_counter()
    for i in range(n):
        store.append(f"user-{i}", 0, [event()], key=f"k{i}")
    append_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    wait_idle(relay, timeout=600)
    relay_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    while len(applied_at) < n:
        loop.poll_once(timeout_ms=200)
    project_s = time.perf_counter() - t0

    # Lag: relay and consumer run live while events are appended at a steady rate.
    applied_at.clear()
    appended_at: dict[str, float] = {}
    stop = threading.Event()
    threads = [threading.Thread(target=relay.run, args=(stop,)), threading.Thread(target=loop.run, args=(stop,))]
    for t in threads:
        t.start()
    total = int(args.rate * args.seconds)
    for i in range(total):
        started = time.perf_counter()
        [env] = store.append(f"lag-{i}", 0, [event()], key=f"l{i}")
        appended_at[env.id] = time.perf_counter()
        time.sleep(max(0.0, 1 / args.rate - (time.perf_counter() - started)))
    deadline = time.monotonic() + 60
    while len(applied_at) < total and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    lags = sorted((applied_at[i] - appended_at[i]) * 1000 for i in appended_at if i in applied_at)
    client.drop_database(identity.db_name)
    client.drop_database(profile.db_name)
    print(f"events: {n}")
    print(f"appended/s (one writer):        {n / append_s:8.0f}")
    print(f"published/s (relay):            {n / relay_s:8.0f}")
    print(f"projected/s (one consumer):     {n / project_s:8.0f}")
    print(f"lag at {args.rate:.0f}/s over {len(lags)} events: median {statistics.median(lags):.1f} ms, "
          f"p99 {lags[int(len(lags) * 0.99) - 1]:.1f} ms, max {lags[-1]:.1f} ms")
    return 0 if len(lags) == total else 1


if __name__ == "__main__":
    sys.exit(main())
