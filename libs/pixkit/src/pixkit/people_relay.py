"""Publishes the latest personal data of each person on a compacted topic (docs/architecture.md §5).

A service writes intents to `people_outbox`: `_id` = key (user id), `value` (a dict, or
None for a tombstone) and a `version` bumped at each write. This loop sends each intent,
waits for the broker's acknowledgement, and then deletes it only if its version did not
change meanwhile (else the newer value is sent on the next round). At least once; on the
compacted topic the latest value per key wins. One publisher at a time (a lease document).
"""
from __future__ import annotations

import json

from .kafka import record_headers
from .publisher import LeasedPublisher

# What a value on the people topic is (contracts/people/Person.v1.json), in its record headers.
PERSON_TYPE, PERSON_VERSION = "Person", 1


def encode(value: dict | None) -> bytes | None:
    return None if value is None else json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class PeopleRelay(LeasedPublisher):
    lease_id = "people-relay"

    def __init__(self, db, producer_factory, topic: str, batch: int = 500) -> None:
        super().__init__(db, producer_factory)
        self.intents = db["people_outbox"]
        self.topic = topic
        self.batch = batch

    def publish_once(self) -> int:
        """Publish what the outbox holds now; returns the number of values sent."""
        intents = list(self.intents.find({}).sort([("created_at", 1), ("_id", 1)]).limit(self.batch))
        if not intents:
            return 0
        headers = record_headers(PERSON_TYPE, PERSON_VERSION)  # a tombstone's too: its null value says erased
        self.send_all(self.topic, [(i["_id"].encode(), encode(i.get("value")), headers) for i in intents])
        for intent in intents:
            self.intents.delete_one({"_id": intent["_id"], "version": intent["version"]})
        return len(intents)
