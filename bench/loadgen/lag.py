"""The lag AnswerRecorded → ProfileUpdated under load.

What it measures: for each positioning test that ends inside the window, from the moment
assessment recorded the test's closing answer (that AnswerRecorded's `occurred_at`, set by the
assessment web process) to the moment the ProfileUpdated it caused reached the broker (the
record's timestamp, set by profile's relay when it published). In between: assessment's relay
publishes the answer's commit (AnswerRecorded, CompetenceEvaluated, AssessmentCompleted), profile's
reactor consumes the CompetenceEvaluated, appends the new profile, and profile's relay publishes
it. The lag as the bench's own consumer saw it (`seen`) is kept too: it adds the bench's fetch.
Not measured here: profile's read model (the other consumer group, which runs beside the reactor).

Matching: the closing answer is the last AnswerRecorded of an assessment id before that
assessment's CompetenceEvaluated (reason "assessment"); the ProfileUpdated is the one whose
causation id is that CompetenceEvaluated's event id, for the same person. The two topics are read
by one consumer, so a ProfileUpdated may come before its CompetenceEvaluated: both orders match.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LagSample:
    user_id: str
    competence_code: str
    answered_at: float  # epoch seconds: the closing AnswerRecorded's occurred_at
    published_at: float  # epoch seconds: the ProfileUpdated record's timestamp on the broker
    seen_at: float  # epoch seconds: when the bench's consumer read it

    @property
    def lag(self) -> float:
        return self.published_at - self.answered_at

    @property
    def seen_lag(self) -> float:
        return self.seen_at - self.answered_at


def epoch(timestamp: str) -> float:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


@dataclass(frozen=True, slots=True)
class _Closing:
    user_id: str
    competence_code: str
    answered_at: float


class LagMatcher:
    """Fed with every envelope of the assessment and profile topics, in the order read."""

    def __init__(self, people: Collection[str] | None = None) -> None:
        self.people = people  # only these persons' tests (None: everyone's)
        self._last_answer: dict[str, _Closing] = {}  # assessment id → its latest answer
        self._closings: dict[str, _Closing] = {}  # CompetenceEvaluated id → the test's closing answer
        self._early: dict[str, tuple[str, float, float]] = {}  # causation id → ProfileUpdated read first
        self.samples: list[LagSample] = []

    def on_event(self, envelope: dict, published_at: float, seen_at: float) -> None:
        kind, data = envelope.get("type"), envelope.get("data") or {}
        user_id = data.get("user_id")
        if self.people is not None and user_id not in self.people:
            return
        if kind == "AnswerRecorded":
            self._last_answer[data["assessment_id"]] = _Closing(user_id, data["competence_code"],
                                                                epoch(envelope["occurred_at"]))
        elif kind == "CompetenceEvaluated" and data.get("reason") == "assessment":
            closing = self._last_answer.pop(data.get("assessment_id"), None)
            if closing is None:
                return  # the test began before the bench listened
            early = self._early.pop(envelope["id"], None)
            if early is None:
                self._closings[envelope["id"]] = closing
            else:
                self._match(closing, *early)
        elif kind == "ProfileUpdated":
            cause = (envelope.get("meta") or {}).get("causation_id")
            closing = self._closings.pop(cause, None)
            if closing is None:
                self._early[cause] = (user_id, published_at, seen_at)
            else:
                self._match(closing, user_id, published_at, seen_at)

    def _match(self, closing: _Closing, user_id: str, published_at: float, seen_at: float) -> None:
        if user_id == closing.user_id:
            self.samples.append(LagSample(closing.user_id, closing.competence_code, closing.answered_at,
                                          published_at, seen_at))

    def waiting(self, answered_since: float, answered_until: float) -> int:
        """Tests closed inside [since, until] whose ProfileUpdated has not been read yet."""
        return sum(1 for c in self._closings.values() if answered_since <= c.answered_at <= answered_until)


MATCHED_TYPES = frozenset({b"AnswerRecorded", b"CompetenceEvaluated", b"ProfileUpdated"})


def skippable(headers: list[tuple[str, bytes]] | None) -> bool:
    """A record whose type header names an event the matcher ignores: not decoded, so the bench's
    own cost stays small. Records without the header (older producers) are all decoded."""
    kind = next((value for key, value in headers or () if key == "pix-type"), None)
    return kind is not None and kind not in MATCHED_TYPES


class LagFollower:
    """A thread reading the assessment and profile topics from their end, feeding a LagMatcher."""

    def __init__(self, bootstrap: str, topics: list[str], matcher: LagMatcher) -> None:
        self.bootstrap, self.topics, self.matcher = bootstrap, topics, matcher
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="lag-follower", daemon=True)

    def start(self, timeout: float = 30.0) -> None:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"the lag consumer found no partitions of {self.topics} in {timeout:.0f} s")
        self.check()

    def check(self) -> None:
        if self._failure is not None:
            raise RuntimeError("the lag consumer failed") from self._failure

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        self.check()

    def _run(self) -> None:
        from kafka import KafkaConsumer, TopicPartition

        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, group_id=None, enable_auto_commit=False)
        try:
            partitions = []
            deadline = time.monotonic() + 30
            while not partitions and time.monotonic() < deadline:
                found = [(t, consumer.partitions_for_topic(t)) for t in self.topics]
                if all(ids for _, ids in found):
                    partitions = [TopicPartition(t, p) for t, ids in found for p in sorted(ids)]
                else:
                    time.sleep(0.2)
            if not partitions:
                return  # start() reports it
            consumer.assign(partitions)
            consumer.seek_to_end()
            for partition in partitions:
                consumer.position(partition)  # resolves "the end" now, before the load starts
            self._ready.set()
            while not self._stop.is_set():
                for records in consumer.poll(timeout_ms=100).values():
                    seen_at = time.time()
                    with self.lock:
                        for record in records:
                            if skippable(record.headers):
                                continue
                            self.matcher.on_event(json.loads(record.value), record.timestamp / 1000, seen_at)
        except BaseException as exc:  # noqa: BLE001 - kept and raised again in the main thread by check()
            self._failure = exc
            self._ready.set()
        finally:
            consumer.close()
