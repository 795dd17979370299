"""Versioned dispatch (docs/adr/0010-event-versions-and-upcasters.md): a handler gets the
event in the version it reads, through the upcasters; a version nothing leads to is dead
with UnreadableVersion, and the handler never sees it."""
import base64
import json
from dataclasses import dataclass

import pytest
from kafka.errors import RebalanceInProgressError
from pix_contracts import registry
from pix_contracts.framework import progress
from pixkit.consumer import ConsumerLoop, Dispatcher, Subscription
from pixkit.upcasting import Upcasters

USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
V1 = {"user_id": USER, "competence_code": "1.3", "assessment_id": "6c1f0d2a-8e47-4b39-a5d2-71f3e9b04c68",
      "reason": "assessment", "validated_skills": ["@tableur1"], "invalidated_skills": ["@tableur5"],
      "pix": 19, "level": 2, "max_level": 5, "evaluated_at": "2024-09-09T14:05:02.918364Z"}
V2 = {**V1, "progress": 3}


def message(version: int, data: dict, type_name: str = "CompetenceEvaluated", position: int = 1) -> bytes:
    return json.dumps({"id": "4f7b2d9e-6a1c-4385-9e0d-c2b8f5a3e716", "type": type_name, "schema_version": version,
                       "source": "assessment", "stream": f"competence-{USER}-1_3", "position": position,
                       "occurred_at": "2024-09-09T14:05:02.918364Z", "key": USER, "data": data,
                       "meta": {}}).encode()


def reader(version: int, **options):
    seen = []
    sub = Subscription("profiles", ["pix.assessment.events"]).on("CompetenceEvaluated", seen.append, version=version)
    return Dispatcher(sub, "profile.profiles", sleep=lambda _: None, **options), seen


def test_registrations_read_v1_unless_they_say_otherwise():
    sub = Subscription("s", ["t"]).on("UserRegistered", print).on("CompetenceEvaluated", print, version=2)
    assert sub.reads == {"UserRegistered": 1, "CompetenceEvaluated": 2}
    assert set(sub.handlers) == {"UserRegistered", "CompetenceEvaluated"}


def test_one_version_per_wire_name_and_only_versions_that_are_contracts():
    sub = Subscription("s", ["t"]).on("CompetenceEvaluated", print, version=2)
    with pytest.raises(ValueError, match="reads CompetenceEvaluated v2 already"):
        sub.on("CompetenceEvaluated", print, version=1)
    with pytest.raises(registry.UnknownEventType):
        Subscription("s", ["t"]).on("CompetenceEvaluated", print, version=3)


def test_a_v1_event_reaches_a_v2_reader_upcast():
    dispatcher, seen = reader(2)
    assert dispatcher.handle(message(1, V1))[0] == "handled"
    (envelope,) = seen
    assert envelope.schema_version == 2 and envelope.data == V2
    assert envelope.id == "4f7b2d9e-6a1c-4385-9e0d-c2b8f5a3e716" and envelope.position == 1  # the same event


@pytest.mark.parametrize("pix, level, max_level", [(0, 0, 5), (7, 0, 5), (19, 2, 5), (40, 5, 5), (64, 8, 8)])
def test_the_upcast_progress_is_the_framework_rule(pix, level, max_level):
    dispatcher, seen = reader(2)
    dispatcher.handle(message(1, {**V1, "pix": pix, "level": level, "max_level": max_level}))
    assert seen[0].data["progress"] == progress(pix, level, max_level)


def test_a_v2_event_reaches_a_v2_reader_as_it_is_and_a_v1_reader_reads_v1():
    dispatcher, seen = reader(2)
    assert dispatcher.handle(message(2, V2))[0] == "handled"
    assert seen[0].schema_version == 2 and seen[0].data == V2
    dispatcher, seen = reader(1)
    assert dispatcher.handle(message(1, V1))[0] == "handled"
    assert seen[0].schema_version == 1 and seen[0].data == V1


@pytest.mark.parametrize("version, reads, upcasters", [
    (3, 2, None),  # a version this consumer has no contract for
    (2, 1, None),  # no downcasters: a v1 reader cannot read v2
    (1, 2, Upcasters()),  # no upcaster registered
])
def test_an_unreadable_version_is_dead_with_its_reason_and_never_handled(version, reads, upcasters):
    dispatcher, seen = reader(reads, **({"upcasters": upcasters} if upcasters is not None else {}))
    outcome, error, attempts = dispatcher.handle(message(version, {**V2, "next_thing": 1}))
    assert (outcome, attempts, seen) == ("dead", 0, [])
    assert error.startswith(f"UnreadableVersion: no handler of profile.profiles reads CompetenceEvaluated v{version}")
    assert f"they read v{reads}" in error


def test_an_event_is_validated_in_its_own_version_before_it_is_upcast():
    called = []
    upcasters = Upcasters({("CompetenceEvaluated", 1): lambda data: called.append(data) or {**data, "progress": 0}})
    dispatcher, seen = reader(2, upcasters=upcasters)
    outcome, error, _ = dispatcher.handle(message(1, {**V1, "pix": 65}))
    assert (outcome, called, seen) == ("dead", [], []) and error.startswith("ValidationError")
    # A v1 event already carrying progress breaks v1 (closed objects), even though v2 has it.
    assert dispatcher.handle(message(1, V2))[0] == "dead" and seen == []


def test_an_upcaster_whose_result_breaks_its_target_version_is_dead_not_handled():
    upcasters = Upcasters({("CompetenceEvaluated", 1): lambda data: {**data, "progress": 8}})
    dispatcher, seen = reader(2, upcasters=upcasters)
    outcome, error, _ = dispatcher.handle(message(1, V1))
    assert outcome == "dead" and seen == []
    assert error.startswith("UpcastFailed: CompetenceEvaluated v1→v2 breaks v2") and "progress" in error


def test_other_types_are_ignored_without_decoding_whatever_their_version():
    dispatcher, seen = reader(2)
    assert dispatcher.handle(message(7, {"not": "valid"}, type_name="AnswerRecorded")) == ("ignored", None, 0)
    assert seen == []


@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


class FakeConsumer:
    def __init__(self, records):
        self.batches = [{("pix.assessment.events", 0): records}]
        self.commits = []

    def poll(self, timeout_ms):
        return self.batches.pop(0) if self.batches else {}

    def commit(self, offsets):
        self.commits.append({tp: o.offset for tp, o in offsets.items()})


class FakeFuture:
    def get(self, timeout):
        return None


class FakeProducer:
    def __init__(self):
        self.sent, self.headers = [], []

    def send(self, topic, key, value, headers=None):
        self.sent.append((topic, key, value))
        self.headers.append(headers)
        return FakeFuture()

    def flush(self, timeout):
        pass


def test_the_loop_dead_letters_an_unreadable_version_with_its_reason_and_goes_on():
    dispatcher, seen = reader(2)
    records = [Record("pix.assessment.events", 0, offset, USER.encode(), message(version, data, position=offset + 1))
               for offset, (version, data) in enumerate([(1, V1), (3, {**V2, "next_thing": 1}), (2, V2)])]
    consumer, producer = FakeConsumer(records), FakeProducer()
    loop = ConsumerLoop(consumer, lambda: producer, dispatcher, "pix.profile.dlq")
    assert loop.poll_once() == 3
    assert [e.position for e in seen] == [1, 3] and {e.schema_version for e in seen} == {2}
    ((topic, key, value),) = producer.sent
    letter = registry.validate_dead_letter(json.loads(value))
    assert (topic, key) == ("pix.profile.dlq", USER.encode())
    assert letter["error"]["type"] == "UnreadableVersion" and "CompetenceEvaluated v3" in letter["error"]["message"]
    assert letter["consumer_group"] == "profile.profiles" and letter["original"]["offset"] == 1
    assert base64.b64decode(letter["original"]["value_b64"]) == records[1].value
    assert consumer.commits == [{("pix.assessment.events", 0): 3}]  # past the dead one: the loop went on
    assert producer.headers == [[("pix-type", b"DeadLetter"), ("pix-version", b"1")]]


class RebalancingConsumer(FakeConsumer):
    def commit(self, offsets):
        raise RebalanceInProgressError("a member joined")


def test_a_commit_refused_during_a_rebalance_is_not_an_error_the_records_come_again():
    dispatcher, seen = reader(2)
    records = [Record("pix.assessment.events", 0, 0, USER.encode(), message(2, V2, position=1))]
    loop = ConsumerLoop(RebalancingConsumer(records), FakeProducer, dispatcher, "pix.profile.dlq")
    assert loop.poll_once() == 1 and [e.position for e in seen] == [1]
    assert loop.poll_once() == 0  # the loop goes on: the next poll finishes the rebalance
