"""The broker stops and comes back while events are appended: the relay catches up."""
import threading
import time

from pixkit.kafka import make_producer
from pixkit.relay import OutboxRelay
from pymongo import MongoClient

from ..integration.helpers import envelopes, read_topic, user_registered, wait_for


def test_relay_catches_up_after_a_broker_restart_and_nothing_is_lost(local_stack, settings_for):
    from pixlocal import infra as local
    from pixlocal import procs

    settings = settings_for("identity")
    client = MongoClient(settings.mongo_uri)
    db = client[settings.db_name]
    relay = OutboxRelay(db, lambda: make_producer(settings), settings.events_topic, "identity")
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    from pixkit.store import EventStore

    store = EventStore(db, "identity")
    appended = []

    def append(n):
        for _ in range(n):
            i = len(appended)
            appended.extend(e.id for e in store.append(f"user-{i}", 0, [user_registered()], key=str(i)))
            time.sleep(0.005)

    append(50)
    procs.stop(local_stack.run_dir(), "kafka", timeout=10)  # then SIGKILL, as a crash would
    append(100)  # the broker is down: appends still succeed, intents wait in the outbox
    assert db["outbox"].count_documents({}) > 0
    local.start_kafka(local_stack)
    append(50)
    wait_for(lambda: db["outbox"].count_documents({}) == 0, timeout=90, interval=0.5)
    stop.set()
    thread.join(timeout=20)
    published = {e.id for e in envelopes(read_topic(settings.kafka_bootstrap, settings.events_topic, 200))}
    assert set(appended) <= published and len(appended) == 200
    client.close()
