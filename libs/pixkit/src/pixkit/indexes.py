"""The indexes production's MongoDB builds, declared in one place (docs/adr/0011).

Every hot path reads and writes by `_id`, which MongoDB and the local store both index: no
service needs anything more to answer a request. The only other queries are the publishing
loops' scans of their small in-flight queues, sorted oldest first; an index makes each of
those a short range read on MongoDB, whatever the queue's size after an outage. The read
models of sharing (organization tables, campaign tables, snapshots, indexes per person) are
documents shaped for their access, so they need none: a secondary index would only be a
sign that a query escaped that rule, and sharing's unit tests refuse such queries.

`pix indexes <service>` creates them (idempotent: MongoDB keeps an existing index of the
same keys). The local store ignores the sort index for these tiny queues; creating it is
harmless there.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Index:
    collection: str
    keys: tuple[tuple[str, int], ...]
    why: str

    @property
    def name(self) -> str:
        return "_".join(f"{field}_{direction}" for field, direction in self.keys)


OLDEST_FIRST = (("created_at", 1), ("_id", 1))
OUTBOX = Index("outbox", OLDEST_FIRST, "the outbox relay publishes the oldest intents first")
PEOPLE_OUTBOX = Index("people_outbox", OLDEST_FIRST, "the people relay publishes the oldest values first")

INDEXES: dict[str, tuple[Index, ...]] = {
    "identity": (OUTBOX, PEOPLE_OUTBOX),
    "assessment": (OUTBOX,),
    "profile": (OUTBOX,),
    "sharing": (OUTBOX,),
    "certification": (OUTBOX,),
}


def create_indexes(service: str, db) -> list[str]:
    """Create the service's declared indexes; returns their names."""
    names = []
    for index in INDEXES[service]:
        db[index.collection].create_index(list(index.keys), name=index.name)
        names.append(f"{index.collection}.{index.name}")
    return names
