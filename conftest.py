"""Test harness shared by every tier (docs/architecture.md §9).

The real broker and store start once per test session: real MongoDB and Kafka images through
testcontainers when a Docker engine answers, else the local binaries that
deploy/local/setup.sh installed (Kafka 4 on Java, FerretDB on SQLite). A session with a test
that drives the stack's processes (the whole platform, a broker restart: the `local_stack`
fixture) runs wholly on the local binaries, Docker or not, so those tests always run and every
fixture of the session sees the same stack. Each test gets its own database names and topic
prefix, so tests never see each other's data.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

TIERS = ("unit", "integration", "contract", "e2e", "browser", "faults", "deploy", "fuzz")


def pytest_collection_modifyitems(items):
    for item in items:
        parts = Path(str(item.fspath)).parts
        for tier in TIERS:
            if tier in parts:
                item.add_marker(getattr(pytest.mark, tier))
                break


@dataclass
class Infra:
    bootstrap: str
    mongo_uri: str
    stack: object | None = None  # pixlocal StackConfig when running the local binaries

    def settings(self, service: str, prefix: str = ""):
        from pixkit.settings import Settings

        return Settings(service=service, kafka_bootstrap=self.bootstrap, mongo_uri=self.mongo_uri,
                        db_prefix=f"{prefix or 'pixtest_'}", topic_prefix=prefix, testing=True)


def _docker_engine() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0


NEEDS_LOCAL_STACK = pytest.StashKey[bool]()


def pytest_collection_finish(session):
    # The selected items, after -m/-k: only what will run decides.
    needs = any("local_stack" in getattr(item, "fixturenames", ()) for item in session.items)
    session.config.stash[NEEDS_LOCAL_STACK] = needs


def _containers(config) -> bool:
    if os.environ.get("PIX_TEST_DOCKER", "auto") == "off" or config.stash.get(NEEDS_LOCAL_STACK, False):
        return False
    return _docker_engine()


@pytest.fixture(scope="session")
def infra(request):
    if _containers(request.config):
        from testcontainers.kafka import KafkaContainer
        from testcontainers.mongodb import MongoDbContainer

        with MongoDbContainer("mongo:7") as mongo, KafkaContainer("confluentinc/cp-kafka:7.6.0").with_kraft() as kafka:
            yield Infra(kafka.get_bootstrap_server(), mongo.get_connection_url())
        return
    from pixlocal import infra as local
    from pixlocal.config import test_stack
    from pixlocal.procs import read_pid

    cfg = test_stack()
    ours = not read_pid(cfg.run_dir(), "kafka")
    local.start_store(cfg)
    local.start_kafka(cfg)
    local.ensure_topics(cfg)
    yield Infra(cfg.bootstrap, cfg.mongo_uri, cfg)
    if ours and not os.environ.get("PIX_KEEP_INFRA"):
        local.stop_infra(cfg)


@pytest.fixture
def isolated(infra, request):
    """A unique database prefix and topic prefix for this test, with the platform's topics."""
    import pymongo
    from pixlocal.infra import create_topics

    prefix = f"t{uuid.uuid4().hex[:10]}_"
    create_topics(infra.bootstrap, prefix)
    yield prefix
    client = pymongo.MongoClient(infra.mongo_uri)
    for name in client.list_database_names():
        if name.startswith(prefix):
            client.drop_database(name)
    client.close()


@pytest.fixture
def settings_for(infra, isolated):
    """settings_for("profile") → pixkit Settings of that service, isolated for this test."""
    return lambda service: infra.settings(service, isolated)


@pytest.fixture
def mongo(infra):
    import pymongo

    client = pymongo.MongoClient(infra.mongo_uri)
    yield client
    client.close()


@dataclass
class Platform:
    cfg: object
    gateway_url: str

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.cfg.service_ports[name]}"

    def settings(self, name: str):
        from pixkit.settings import Settings

        return Settings.from_env(name, self.cfg.service_env())


@pytest.fixture(scope="session")
def local_stack(infra):
    """The stack of the local binaries (a pixlocal StackConfig), for tests that start, stop or
    kill its processes; asking for it keeps the whole session off the containers."""
    assert infra.stack is not None, "a test asking for local_stack got containers: see _containers()"
    return infra.stack


@pytest.fixture(scope="session")
def platform(local_stack):
    """The whole platform (every service, worker and the gateway) on the test stack. It runs on
    the local binaries: there are no images of our services to run beside containers."""
    from pixlocal import platform as local

    cfg = local_stack
    local.start_all(cfg)
    yield Platform(cfg, cfg.gateway_url)
    for service in local.SERVICES:
        local.procs.stop(cfg.run_dir(), f"{service}-web")
        local.procs.stop(cfg.run_dir(), f"{service}-worker")
    local.procs.stop(cfg.run_dir(), "gateway-web")
