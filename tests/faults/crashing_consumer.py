"""A consumer process for fault tests: projects people, and with PIX_CRASH_AFTER_WRITE=1 dies
(os._exit, no cleanup) right after its first write, before the offset commit."""
from __future__ import annotations

import os
import sys

from pixkit.consumer import ConsumerLoop, Dispatcher, Subscription
from pixkit.kafka import make_consumer, make_producer
from pixkit.projection import apply_once
from pixkit.settings import Settings
from pymongo import MongoClient


def project(collection, envelope) -> None:
    apply_once(collection, envelope.key, envelope, {
        "$set": {"locale": envelope.data["locale"], "registered_at": envelope.data["registered_at"]},
        "$inc": {"registrations": 1},
    })


def subscription(settings: Settings, collection, crash: bool = False) -> Subscription:
    def handler(envelope):
        project(collection, envelope)
        if crash:
            os._exit(17)  # between the write and the commit

    return Subscription("people", [settings.topic("pix.identity.events")]).on("UserRegistered", handler)


def loop_for(settings: Settings, sub: Subscription) -> ConsumerLoop:
    group = settings.group(sub.name)
    consumer = make_consumer(settings, group, sub.topics, session_timeout_ms=6000, heartbeat_interval_ms=1000)
    return ConsumerLoop(consumer, lambda: make_producer(settings), Dispatcher(sub, group), settings.dlq_topic)


def main() -> None:
    settings = Settings.from_env("profile")
    collection = MongoClient(settings.mongo_uri)[settings.db_name]["people"]
    loop = loop_for(settings, subscription(settings, collection, crash=os.environ.get("PIX_CRASH_AFTER_WRITE") == "1"))
    for _ in range(600):
        loop.poll_once(timeout_ms=100)
    sys.exit(3)  # never reached when the crash happens


if __name__ == "__main__":
    main()
