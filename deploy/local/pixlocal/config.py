"""Where the local platform lives and which loopback ports it uses."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
KAFKA_VERSION = "4.1.1"
FERRETDB_VERSION = "1.24.2"

# Web port of each service; the gateway is the only one a person uses.
SERVICE_PORTS = {"identity": 8101, "assessment": 8102, "profile": 8103, "sharing": 8104, "certification": 8105}
# The gateway calls the services from this loopback address, the only one they trust for
# X-Forwarded-For: a process calling a service's port from 127.0.0.1 is not the gateway.
GATEWAY_SOURCE_ADDRESS = "127.0.0.2"


def cache_dir() -> Path:
    return Path(os.environ.get("PIX_CACHE", Path.home() / ".cache" / "pix"))


def kafka_libs() -> Path:
    return cache_dir() / f"kafka-{KAFKA_VERSION}" / "libs"


def ferretdb_binary() -> Path:
    return cache_dir() / f"ferretdb-{FERRETDB_VERSION}" / "ferretdb"


@dataclass(frozen=True)
class StackConfig:
    """One running copy of the platform. `make up` and the test session use different ones."""

    var_dir: Path = ROOT / "var"
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    mongo_port: int = 27017
    gateway_port: int = 8000
    gateway_internal_port: int = 8100  # metrics and readiness (docs/adr/0007-gateway-edge.md)
    service_ports: dict = field(default_factory=lambda: dict(SERVICE_PORTS))
    db_prefix: str = "pix_"
    topic_prefix: str = ""
    extra_env: dict = field(default_factory=dict)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def mongo_uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def gateway_internal_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_internal_port}"

    def run_dir(self) -> Path:
        return self.var_dir / "run"

    def log_dir(self) -> Path:
        return self.var_dir / "log"

    def service_env(self) -> dict[str, str]:
        """Environment every service process reads its settings from (see pixkit.settings)."""
        return {
            "PIX_KAFKA_BOOTSTRAP": self.bootstrap,
            "PIX_MONGO_URI": self.mongo_uri,
            "PIX_DB_PREFIX": self.db_prefix,
            "PIX_TOPIC_PREFIX": self.topic_prefix,
            "PIX_VAR_DIR": str(self.var_dir),
            "PIX_SERVICE_URLS": ",".join(f"{n}=http://127.0.0.1:{p}" for n, p in self.service_ports.items()),
            "PIX_PUBLIC_URL": self.gateway_url,
            "PIX_MAIL_DIR": str(self.var_dir / "mail"),  # the development mail sink
            "PIX_TRUSTED_PROXIES": GATEWAY_SOURCE_ADDRESS,
            "PIX_GATEWAY_SOURCE_ADDRESS": GATEWAY_SOURCE_ADDRESS,
            **self.extra_env,
        }


def test_stack(var_dir: Path | None = None, slot: int | None = None) -> StackConfig:
    """Ports apart from `make up`'s, so tests run beside a running platform.

    PIX_TEST_SLOT=N (default 0) moves the whole stack by N × 1000 ports into var/test-N, so
    that several test sessions on one machine (parallel work trees, benches) never share one.
    """
    slot = int(os.environ.get("PIX_TEST_SLOT", "0")) if slot is None else slot
    shift = 1000 * slot
    return StackConfig(
        var_dir=var_dir or ROOT / "var" / ("test" if slot == 0 else f"test-{slot}"),
        kafka_port=19092 + shift,
        kafka_controller_port=19093 + shift,
        mongo_port=27027 + shift,
        gateway_port=18000 + shift,
        gateway_internal_port=18100 + shift,
        service_ports={name: port + 10000 + shift for name, port in SERVICE_PORTS.items()},
        db_prefix="pixtest_",
        extra_env={
            # Like production behind its ingress: the gateway trusts one proxy hop, so each
            # test picks its client address (X-Forwarded-For) and has its own rate limits.
            "PIX_TRUSTED_PROXY_HOPS": "1",
            "PIX_IDENTITY_ROBOT_DIFFICULTY": "8",  # real work, cheap for scripted sign-ups
        },
    )
