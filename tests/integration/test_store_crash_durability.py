"""An acknowledged write survives a kill -9 of the store (docs/adr/0014-local-store-runtime.md):
FerretDB started as pixlocal starts it, writers acknowledged by it, SIGKILL mid-writes, a
restart on the same directory, and every acknowledged write read back. The local binary on a
directory and port of this test's own: what is tested is FerretDB's SQLite settings, which a
MongoDB container would not have."""
import socket
import threading
import time
import uuid

import pymongo
from pixlocal import infra, procs
from pixlocal.config import StackConfig

WRITERS = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_until_stopped(uri: str, stop: threading.Event, acknowledged: list, seen_errors: list) -> None:
    """Insert, then rewrite each document guarded by its version (the answer path's two writes);
    record what the store acknowledged, until it stops answering."""
    client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=1000, socketTimeoutMS=2000, retryWrites=False)
    coll = client["crashtest_durability"]["docs"]
    try:
        while not stop.is_set():
            doc_id = uuid.uuid4().hex
            coll.insert_one({"_id": doc_id, "version": 1, "payload": "x" * 2000})
            acknowledged.append((doc_id, 1))
            if coll.update_one({"_id": doc_id, "version": {"$lt": 2}}, {"$set": {"version": 2}}).modified_count:
                acknowledged[-1] = (doc_id, 2)
    except pymongo.errors.PyMongoError as error:  # the kill: the last write may or may not be in
        seen_errors.append(error)
    finally:
        client.close()


def test_every_acknowledged_write_survives_a_kill_9_of_the_store(tmp_path):
    cfg = StackConfig(var_dir=tmp_path, mongo_port=free_port())
    infra.start_store(cfg)
    stop, acknowledged, errors = threading.Event(), [[] for _ in range(WRITERS)], []
    writers = [threading.Thread(target=write_until_stopped, args=(cfg.mongo_uri, stop, acknowledged[k], errors))
               for k in range(WRITERS)]
    try:
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 30
        while sum(map(len, acknowledged)) < 400 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert procs.kill(cfg.run_dir(), "store")  # SIGKILL mid-writes, no shutdown of any kind
        for writer in writers:
            writer.join(timeout=30)
        stop.set()
        assert len(errors) == WRITERS  # each writer was cut off by the kill, not stopped before it
        # Killed with its write-ahead log in use: the restart recovers the commits from it.
        (wal,) = (tmp_path / "store").glob("crashtest_durability*-wal")
        assert wal.stat().st_size > 0

        infra.start_store(cfg)
        client = pymongo.MongoClient(cfg.mongo_uri)
        try:
            stored = {d["_id"]: d["version"] for d in client["crashtest_durability"]["docs"].find({}, {"version": 1})}
        finally:
            client.close()
        expected = dict(pair for writer in acknowledged for pair in writer)
        assert len(expected) >= 400
        lost = {k: v for k, v in expected.items() if stored.get(k, 0) < v}
        assert not lost, f"{len(lost)} of {len(expected)} acknowledged writes lost"
    finally:
        stop.set()
        procs.stop(cfg.run_dir(), "store")
