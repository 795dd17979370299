"""`pix` — operations commands for any service:

  pix replay <service>       drop the service's read models and rebuild them from the topics
  pix dlq-replay <service>   send the dead-lettered events back to their source topic
  pix indexes <service>      create the indexes production declares for it (pixkit.indexes)

A service plugs in through its composition root: `pix_<service>.bootstrap.bootstrap(settings)`
returns a container with `db`, `subscriptions` and `read_model_collections`.
"""
from __future__ import annotations

import argparse
import base64
import importlib
import json
import sys
import time

from .settings import Settings


def container_of(service: str, settings: Settings):
    module = importlib.import_module(f"pix_{service}.bootstrap")
    return module.bootstrap(settings)


def cmd_replay(service: str) -> int:
    from .replay import replay

    settings = Settings.from_env(service)
    container = container_of(service, settings)
    if not container.subscriptions:
        print(f"{service} has no read model built from events; nothing to replay")
        return 0
    started = time.monotonic()
    total = replay(settings, container.db, list(container.subscriptions), list(container.read_model_collections),
                   progress=lambda n: print(f"  … {n} events", flush=True))
    print(f"replayed {total} events into {', '.join(container.read_model_collections)} "
          f"in {time.monotonic() - started:.1f}s")
    return 0


def cmd_dlq_replay(service: str, limit: int) -> int:
    from kafka.structs import TopicPartition

    from .kafka import make_consumer, make_producer

    settings = Settings.from_env(service)
    consumer = make_consumer(settings, settings.group("dlq-replay"))
    partitions = [TopicPartition(settings.dlq_topic, p)
                  for p in sorted(consumer.partitions_for_topic(settings.dlq_topic) or ())]
    consumer.assign(partitions)
    end = consumer.end_offsets(partitions)
    producer = make_producer(settings)
    sent = 0
    while sent < limit and any(consumer.position(tp) < end[tp] for tp in partitions):
        for records in consumer.poll(timeout_ms=500).values():
            for record in records:
                original = json.loads(record.value)["original"]
                key = original["key"].encode() if original["key"] else None
                producer.send(original["topic"], key=key, value=base64.b64decode(original["value_b64"]))
                sent += 1
        producer.flush()
        consumer.commit()
    print(f"sent {sent} dead-lettered events back to their topics")
    consumer.close()
    producer.close()
    return 0


def cmd_indexes(service: str) -> int:
    from .indexes import create_indexes
    from .web.mongo import database

    names = create_indexes(service, database(Settings.from_env(service)))
    print(f"{service}: {', '.join(names) or 'no index beside _id'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pix", description="Pix operations commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("replay", help="rebuild a service's read models from the topics").add_argument("service")
    dlq = sub.add_parser("dlq-replay", help="re-send dead-lettered events to their topics")
    dlq.add_argument("service")
    dlq.add_argument("--limit", type=int, default=10_000)
    sub.add_parser("indexes", help="create the indexes production declares").add_argument("service")
    args = parser.parse_args(argv)
    if args.command == "replay":
        return cmd_replay(args.service)
    if args.command == "indexes":
        return cmd_indexes(args.service)
    return cmd_dlq_replay(args.service, args.limit)


if __name__ == "__main__":
    sys.exit(main())
