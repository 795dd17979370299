"""The real broker (Kafka, one KRaft node) and document store (FerretDB on SQLite)."""
from __future__ import annotations

import base64
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from . import procs
from .config import ROOT, StackConfig, ferretdb_binary, kafka_libs

KAFKA_DIR = ROOT / "deploy" / "local" / "kafka"


def _java() -> str:
    return shutil.which("java") or "java"


def _kafka_cmd(main: str, *args: str) -> list[str]:
    return [_java(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
            f"-Dlog4j2.configurationFile={KAFKA_DIR / 'log4j2.yaml'}",
            "-cp", f"{kafka_libs()}/*", main, *args]


def start_kafka(cfg: StackConfig, timeout: float = 90.0) -> None:
    data = cfg.var_dir / "kafka"
    props = cfg.var_dir / "kafka.properties"
    text = (KAFKA_DIR / "server.properties.tmpl").read_text().format(
        port=cfg.kafka_port, controller_port=cfg.kafka_controller_port, log_dir=data)
    props.parent.mkdir(parents=True, exist_ok=True)
    props.write_text(text)
    if not (data / "meta.properties").exists():
        # First start only: format the storage of a standalone controller.
        data.mkdir(parents=True, exist_ok=True)
        subprocess.run(_kafka_cmd("kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted",
                                  # "=": a random id may begin with "-", which the tool's parser takes for an option
                                  f"--cluster-id={_cluster_id()}", "-c", str(props)),
                       check=True, capture_output=True)
    procs.start(cfg.run_dir(), cfg.log_dir(), "kafka", _kafka_cmd("kafka.Kafka", str(props)),
                ports=(cfg.kafka_port, cfg.kafka_controller_port))
    procs.wait_until(lambda: _broker_answers(cfg), timeout, "Kafka", cfg.log_dir() / "kafka.log")


def _cluster_id() -> str:
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()


def _broker_answers(cfg: StackConfig) -> bool:
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=cfg.bootstrap, request_timeout_ms=3000)
    try:
        admin.list_topics()
        return True
    finally:
        admin.close()


@dataclass(frozen=True)
class StoreRuntime:
    """How FerretDB runs: SQLite pragmas run on each connection it opens (its own defaults,
    busy_timeout, journal_mode(wal) and auto_vacuum(none), stay unless named here) and the Go
    runtime's environment. Measured and chosen in docs/adr/0014-local-store-runtime.md."""

    pragmas: tuple[str, ...] = ()
    go_env: tuple[tuple[str, str], ...] = ()


STORE_RUNTIME = StoreRuntime(
    # WAL without an fsync per commit: an acknowledged write survives a crash of any process
    # (it is in the OS's page cache), not a power loss of this machine; the database stays
    # consistent either way.
    pragmas=("synchronous(normal)",),
    go_env=(("GOGC", "400"),),
)


def store_url(data: Path, pragmas: tuple[str, ...]) -> str:
    """FerretDB's --sqlite-url: the data directory, with each pragma as a `_pragma` parameter."""
    query = urlencode([("_pragma", pragma) for pragma in pragmas], quote_via=quote, safe="()")
    return f"file:{data}/" + (f"?{query}" if query else "")


def store_command(cfg: StackConfig, runtime: StoreRuntime = STORE_RUNTIME) -> list[str]:
    return [str(ferretdb_binary()), f"--listen-addr=127.0.0.1:{cfg.mongo_port}",
            f"--sqlite-url={store_url(store_dir(cfg), runtime.pragmas)}"]


def store_dir(cfg: StackConfig) -> Path:
    return cfg.var_dir / "store"


def start_store(cfg: StackConfig, timeout: float = 30.0, runtime: StoreRuntime = STORE_RUNTIME) -> int:
    """Start the store unless it runs; returns its pid."""
    store_dir(cfg).mkdir(parents=True, exist_ok=True)
    pid = procs.start(cfg.run_dir(), cfg.log_dir(), "store", store_command(cfg, runtime), env=dict(runtime.go_env),
                      ports=(cfg.mongo_port,))
    procs.wait_until(lambda: _store_answers(cfg), timeout, "FerretDB", cfg.log_dir() / "store.log")
    return pid


def _store_answers(cfg: StackConfig) -> bool:
    import pymongo

    client = pymongo.MongoClient(cfg.mongo_uri, serverSelectionTimeoutMS=2000)
    try:
        return client.admin.command("ping").get("ok") == 1
    finally:
        client.close()


def ensure_topics(cfg: StackConfig) -> list[str]:
    return create_topics(cfg.bootstrap, cfg.topic_prefix)


def create_topics(bootstrap: str, prefix: str = "") -> list[str]:
    """Create the platform's topics (docs/architecture.md §2) with explicit partitions and configs."""
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError
    from pix_contracts.topics import TOPICS

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        existing = set(admin.list_topics())
        wanted = [NewTopic(prefix + name, spec["partitions"], 1,
                           topic_configs={k: str(v) for k, v in spec.get("configs", {}).items()})
                  for name, spec in TOPICS.items() if prefix + name not in existing]
        if wanted:
            try:
                admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass
        _wait_visible(bootstrap, [prefix + name for name in TOPICS])
        return [t.name for t in wanted]
    finally:
        admin.close()


def _wait_visible(bootstrap: str, topics: list[str], timeout: float = 30.0) -> None:
    """Creation returns before every broker serves the new topics' metadata; clients that
    join a group in between would be assigned nothing."""
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        procs.wait_until(lambda: all(consumer.partitions_for_topic(t) for t in topics), timeout,
                         "topic metadata", interval=0.1)
    finally:
        consumer.close()


def stop_infra(cfg: StackConfig) -> None:
    for name in ("kafka", "store"):
        procs.stop(cfg.run_dir(), name, timeout=15.0)
