"""Kafka topics of the platform: name → partitions and topic-level configs.

Mirrors the `topics` section of contracts/catalog.yaml (a contract test keeps them equal).
Config values are strings, as Kafka admin clients take them. Replication factor and
min.insync.replicas depend on the cluster (1 locally), so they are not set here.

Partition counts are chosen once: the key (user id) picks the partition, so adding
partitions later would break per-person ordering for events already written.
"""

SERVICES = ("identity", "assessment", "profile", "sharing", "certification")


def events_of(service: str) -> str:
    """The topic a service publishes its events on."""
    return f"pix.{service}.events"


def dlq_of(service: str) -> str:
    return f"pix.{service}.dlq"


IDENTITY_EVENTS = events_of("identity")
ASSESSMENT_EVENTS = events_of("assessment")
PROFILE_EVENTS = events_of("profile")
SHARING_EVENTS = events_of("sharing")
CERTIFICATION_EVENTS = events_of("certification")
PEOPLE = "pix.identity.people"  # current personal data, compacted (docs/architecture.md §5)

DAY_MS = 24 * 60 * 60 * 1000

# The log is also the analytics feed and the source for rebuilds: kept forever.
EVENTS_CONFIGS = {"cleanup.policy": "delete", "retention.ms": "-1"}

# Current personal data, keyed by user id. Erasure = tombstone; these bound how long an old
# value may survive on the broker: a segment rolls within a day, compaction runs within
# 7 days of a write, and the tombstone itself is dropped 7 days after compaction.
PEOPLE_CONFIGS = {
    "cleanup.policy": "compact",
    "segment.ms": str(DAY_MS),
    "max.compaction.lag.ms": str(7 * DAY_MS),
    "delete.retention.ms": str(7 * DAY_MS),
}

# A dead letter may copy a value from pix.identity.people, so it must expire: 30 days to
# replay it (an alert fires on any dead letter), then it is gone with its personal data.
DLQ_CONFIGS = {"cleanup.policy": "delete", "retention.ms": str(30 * DAY_MS)}

TOPICS: dict[str, dict] = {
    **{events_of(s): {"partitions": 12, "configs": EVENTS_CONFIGS} for s in SERVICES},
    PEOPLE: {"partitions": 12, "configs": PEOPLE_CONFIGS},
    **{dlq_of(s): {"partitions": 3, "configs": DLQ_CONFIGS} for s in SERVICES},
}
