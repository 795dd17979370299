"""The upcaster registry (chains, validation at each step), the codec reading its own old
events, and replay going through the same versioned dispatch."""
from dataclasses import dataclass

import pytest
from marshmallow import validate
from pix_contracts import registry
from pix_contracts.schemas._fields import Integer
from pix_contracts.schemas.assessment import CompetenceEvaluatedDataV2
from pix_contracts.upcasters import UPCASTERS as CONTRACT_STEPS
from pixkit import replay as replay_module
from pixkit.consumer import Dispatcher, Subscription
from pixkit.events import Envelope, EventCodec
from pixkit.testing import FakeDatabase, unit_settings
from pixkit.upcasting import UPCASTERS, UnreadableVersion, Upcasters, UpcastFailed

from .test_versioned_dispatch import USER, V1, V2, message


class CompetenceEvaluatedDataV3(CompetenceEvaluatedDataV2):
    """A made-up v3, only to show chains: v1 → v2 → v3."""

    stars = Integer(required=True, validate=validate.Range(min=0, max=3))


@pytest.fixture
def with_v3(monkeypatch):
    monkeypatch.setitem(registry.EVENT_SCHEMAS, ("CompetenceEvaluated", 3), CompetenceEvaluatedDataV3)
    return Upcasters({**CONTRACT_STEPS, ("CompetenceEvaluated", 2): lambda data: {**data, "stars": data["level"] // 3}})


def test_the_platform_registry_holds_the_contracts_steps():
    assert UPCASTERS.reaches("CompetenceEvaluated", 1, 2) and UPCASTERS.reaches("CompetenceEvaluated", 2, 2)
    assert not UPCASTERS.reaches("CompetenceEvaluated", 2, 1) and not UPCASTERS.reaches("CompetenceEvaluated", 1, 3)
    assert UPCASTERS.upcast("CompetenceEvaluated", 1, 2, V1) == V2


def test_steps_chain_and_each_result_is_validated(with_v3):
    assert with_v3.upcast("CompetenceEvaluated", 1, 3, V1) == {**V2, "stars": 0}
    dispatcher_seen = []
    sub = Subscription("s", ["t"]).on("CompetenceEvaluated", dispatcher_seen.append, version=3)
    assert Dispatcher(sub, "g", upcasters=with_v3).handle(message(1, V1))[0] == "handled"
    assert dispatcher_seen[0].schema_version == 3 and dispatcher_seen[0].data["stars"] == 0
    broken = Upcasters({**CONTRACT_STEPS, ("CompetenceEvaluated", 2): lambda data: {**data, "stars": 9}})
    with pytest.raises(UpcastFailed, match="v2→v3 breaks v3"):
        broken.upcast("CompetenceEvaluated", 1, 3, V1)


def test_a_missing_link_breaks_the_chain():
    with pytest.raises(UnreadableVersion, match="no upcaster takes CompetenceEvaluated v1 to v2"):
        Upcasters().upcast("CompetenceEvaluated", 1, 2, V1)
    assert not Upcasters().reaches("CompetenceEvaluated", "1", 2)  # a bad envelope's version is no chain


def test_one_step_per_version_and_both_ends_are_contracts():
    steps = Upcasters(CONTRACT_STEPS)
    with pytest.raises(ValueError, match="registered already"):
        steps.register("CompetenceEvaluated", 1, lambda data: data)
    with pytest.raises(registry.UnknownEventType):
        steps.register("CompetenceEvaluated", 2, lambda data: data)  # no v3 contract
    with pytest.raises(registry.UnknownEventType):
        steps.register("NoSuchEvent", 1, lambda data: data)


@dataclass(frozen=True)
class Evaluated:
    user_id: str
    competence_code: str
    assessment_id: str | None
    reason: str
    validated_skills: tuple
    invalidated_skills: tuple
    pix: int
    level: int
    max_level: int
    evaluated_at: str
    progress: int


def envelope(version: int, data: dict) -> Envelope:
    return Envelope.from_wire(message(version, data))


def test_the_codec_reads_its_own_v1_events_as_the_v2_class_it_registers():
    codec = EventCodec()
    codec.register(Evaluated, "CompetenceEvaluated", 2)
    assert codec.decode(envelope(1, V1)) == codec.decode(envelope(2, V2)) == Evaluated(**V2)
    assert codec.encode(Evaluated(**V2)).schema_version == 2
    with pytest.raises(KeyError):
        codec.decode(envelope(3, {**V2, "stars": 1}))
    without_steps = EventCodec(upcasters=Upcasters())
    without_steps.register(Evaluated, "CompetenceEvaluated", 2)
    with pytest.raises(UnreadableVersion):
        without_steps.decode(envelope(1, V1))


@dataclass
class Record:
    offset: int
    value: bytes
    key: bytes = USER.encode()


class FakeReplayConsumer:
    """What replay asks of a consumer: one topic of one partition, read to its end."""

    def __init__(self, values):
        self.records = [Record(i, v) for i, v in enumerate(values)]
        self.at = 0

    def partitions_for_topic(self, topic):
        return {0}

    def assign(self, partitions):
        self.partitions = partitions

    def seek_to_beginning(self, *partitions):
        self.at = 0

    def end_offsets(self, partitions):
        return {tp: len(self.records) for tp in partitions}

    def poll(self, timeout_ms):
        batch, self.at = self.records[self.at:], len(self.records)
        return {self.partitions[0]: batch} if batch else {}

    def position(self, tp):
        return self.at

    def close(self):
        pass


def test_replay_reads_through_the_same_versioned_dispatch(monkeypatch):
    values = [message(1, V1, position=1), message(3, {**V2, "stars": 1}, position=2), message(2, V2, position=3)]
    monkeypatch.setattr(replay_module, "make_consumer", lambda settings, group, **_: FakeReplayConsumer(values))
    db, seen = FakeDatabase(), []
    db["profiles"].insert_one({"_id": "stale"})
    sub = Subscription("profiles", ["pix.assessment.events"]).on(
        "CompetenceEvaluated", lambda e: seen.append((e.schema_version, e.data)), version=2)
    assert replay_module.replay(unit_settings("profile"), db, [sub], ["profiles"]) == 3
    assert seen == [(2, V2), (2, V2)]  # the v1 upcast, the v3 skipped (the live loop dead-lettered it)
    assert db["profiles"].find_one({"_id": "stale"}) is None
