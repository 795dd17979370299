"""Settings every service reads from its environment (12-factor), with local defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

from pix_contracts import topics


def _service_urls(raw: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in raw.split(",") if "=" in item)
    return {name.strip(): url.strip().rstrip("/") for name, url in pairs}


@dataclass(frozen=True)
class Settings:
    service: str
    kafka_bootstrap: str = "127.0.0.1:9092"
    mongo_uri: str = "mongodb://127.0.0.1:27017/"
    db_prefix: str = "pix_"
    topic_prefix: str = ""
    var_dir: str = "var"
    service_urls: dict[str, str] = field(default_factory=dict)
    max_body_bytes: int = 64 * 1024
    testing: bool = False

    @property
    def db_name(self) -> str:
        return f"{self.db_prefix}{self.service}"

    def topic(self, name: str) -> str:
        """Full topic name, e.g. topic('pix.identity.events'); tests isolate with a prefix."""
        return f"{self.topic_prefix}{name}"

    @property
    def events_topic(self) -> str:
        return self.topic(topics.events_of(self.service))

    @property
    def dlq_topic(self) -> str:
        return self.topic(topics.dlq_of(self.service))

    def group(self, consumer: str) -> str:
        return f"{self.topic_prefix}{self.service}.{consumer}"

    def but(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, service: str, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            service=service,
            kafka_bootstrap=env.get("PIX_KAFKA_BOOTSTRAP", cls.kafka_bootstrap),
            mongo_uri=env.get("PIX_MONGO_URI", cls.mongo_uri),
            db_prefix=env.get("PIX_DB_PREFIX", cls.db_prefix),
            topic_prefix=env.get("PIX_TOPIC_PREFIX", cls.topic_prefix),
            var_dir=env.get("PIX_VAR_DIR", cls.var_dir),
            service_urls=_service_urls(env.get("PIX_SERVICE_URLS", "")),
            max_body_bytes=int(env.get("PIX_MAX_BODY_BYTES", cls.max_body_bytes)),
        )
