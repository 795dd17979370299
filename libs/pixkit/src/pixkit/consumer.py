"""The one consumer loop of the platform (docs/architecture.md §3).

poll → decode → validate against the contract of the event's own version → upcast it to
the version the subscription's handlers read (docs/adr/0010-event-versions-and-upcasters.md)
→ dispatch to the handlers registered for the wire name → commit the offset after the
handlers' writes. A failing handler is retried with backoff, then the message goes to
`pix.<service>.dlq` with the error and the loop moves on; so does an event of a version no
upcaster takes to the one the handlers read (UnreadableVersion): a handler never sees data
it would misread. If even the dead-letter write fails, nothing is committed and the loop
stops, so the message comes back. Nothing is dropped silently.
"""
from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kafka.errors import CommitFailedError, KafkaError, RebalanceInProgressError, RetriableError
from kafka.structs import OffsetAndMetadata, TopicPartition
from marshmallow import ValidationError
from pix_contracts import registry
from pymongo.errors import ConnectionFailure

from .events import DecodeError, Envelope, utc_now_iso
from .kafka import TYPE_HEADER, header_text, record_headers
from .metrics import EVENTS_CONSUMED, EVENTS_DEAD_LETTERED, HANDLER_SECONDS
from .upcasting import UPCASTERS, UnreadableVersion, Upcasters, UpcastFailed

log = logging.getLogger(__name__)

Handler = Callable[[Envelope], None]


class PermanentError(Exception):
    """A handler's verdict that retrying cannot help (e.g. an impossible event)."""


class InfrastructureUnavailable(Exception):
    """The store or the broker is away: the event is fine, so it must not be dead-lettered.
    The loop keeps the offset, backs off and reads the same message again."""


# What a record on a dead-letter topic is (contracts/dlq.v1.json).
DEAD_LETTER_HEADERS = record_headers("DeadLetter", 1)

# Failures of the infrastructure rather than of the event: retried without limit.
TRANSIENT = (ConnectionFailure, RetriableError)


@dataclass
class Subscription:
    """What one consumer group of a service reads and how it reacts: handlers as data."""

    name: str
    topics: list[str]
    handlers: dict[str, list[Handler]] = field(default_factory=dict)
    # The version of each wire name its handlers read. One per wire name: a subscription
    # feeds one read model (or one reaction), which reads an event one way.
    reads: dict[str, int] = field(default_factory=dict)
    # True when every document its handlers write belongs to the record's key (its `_id` is
    # the id the record is keyed by): records of two keys never write one document, so a
    # replay may apply them concurrently, key by key in order (pixkit.replay).
    keyed_documents: bool = False

    def on(self, wire_name: str, handler: Handler, version: int = 1) -> Subscription:
        registry.schema_for(wire_name, version)  # the version read must be a contract
        if self.reads.setdefault(wire_name, version) != version:
            raise ValueError(f"{self.name} reads {wire_name} v{self.reads[wire_name]} already, not v{version}")
        self.handlers.setdefault(wire_name, []).append(handler)
        return self


def read_as(envelope: Envelope, version: int, group: str, upcasters: Upcasters = UPCASTERS) -> Envelope:
    """The envelope as a reader of `version` sees it: its data validated against the contract
    of its own version, upcast, validated again; raises UnreadableVersion, DecodeError,
    ValidationError or UpcastFailed."""
    written = envelope.schema_version
    if not upcasters.reaches(envelope.type, written, version):
        raise UnreadableVersion(f"no handler of {group} reads {envelope.type} v{written!r}: they read "
                                f"v{version}, and no upcaster leads from v{written!r} to v{version}")
    try:
        data = registry.validate_data(envelope.type, written, envelope.data)
    except registry.UnknownEventType as exc:
        raise DecodeError(str(exc)) from exc
    data = upcasters.upcast(envelope.type, written, version, data)
    return replace(envelope, schema_version=version, data=data)


class Dispatcher:
    """Runs the handlers of one subscription for one message, with retries."""

    def __init__(self, subscription: Subscription, group: str, attempts: int = 4,
                 backoff_s: Iterable[float] = (0.05, 0.25, 1.0), sleep=time.sleep,
                 upcasters: Upcasters = UPCASTERS) -> None:
        self.subscription = subscription
        self.group = group
        self.attempts = attempts
        self.backoff = list(backoff_s)
        self.sleep = sleep
        self.upcasters = upcasters

    def handle_record(self, record) -> tuple[str, str | None, int]:
        return self.handle(record.value, header_text(record, TYPE_HEADER))

    def ignores(self, record) -> bool:
        """True when the record's type header names a type the subscription does not handle;
        False also when it has no header (its value has to tell)."""
        header_type = header_text(record, TYPE_HEADER)
        return header_type is not None and header_type not in self.subscription.handlers

    def handle(self, value: bytes | None, header_type: str | None = None) -> tuple[str, str | None, int]:
        """Returns (outcome, error, attempts): outcome is handled, ignored or dead.

        With the record's type header, a type the subscription does not handle is ignored
        without reading the value (most records, for most subscriptions); without it (records
        published before the headers), the value is decoded to find its type."""
        raw = None
        if header_type is not None:
            type_name = header_type
        else:
            raw = _json_or_none(value)
            type_name = raw.get("type") if isinstance(raw, dict) else None
        if type_name is not None and (not isinstance(type_name, str) or type_name not in self.subscription.handlers):
            return "ignored", None, 0  # another consumer's business; no need to validate
        try:
            envelope = Envelope.from_dict(raw) if raw is not None else Envelope.from_wire(value)
            if header_type is not None and envelope.type != header_type:
                raise DecodeError(f"the record's {TYPE_HEADER} header says {header_type}, "
                                  f"its envelope {envelope.type}")
            envelope = read_as(envelope, self.subscription.reads[envelope.type], self.group, self.upcasters)
        except (DecodeError, ValidationError, UnreadableVersion, UpcastFailed) as exc:
            return "dead", f"{type(exc).__name__}: {exc}", 0
        for attempt in range(1, self.attempts + 1):
            try:
                with HANDLER_SECONDS.labels(self.group).time():
                    for handler in self.subscription.handlers[envelope.type]:
                        handler(envelope)
                EVENTS_CONSUMED.labels(self.group, envelope.type, "handled").inc()
                return "handled", None, attempt
            except PermanentError as exc:
                return "dead", f"PermanentError: {exc}", attempt
            except TRANSIENT as exc:
                raise InfrastructureUnavailable(f"{type(exc).__name__}: {exc}") from exc
            except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then dead-lettered
                log.warning("handler failed (%s, attempt %d): %r", envelope.type, attempt, exc)
                if attempt == self.attempts:
                    return "dead", f"{type(exc).__name__}: {exc}", attempt
                self.sleep(self.backoff[min(attempt - 1, len(self.backoff) - 1)])
        raise AssertionError("unreachable")


def _json_or_none(value: bytes | None):
    """The decoded value, or None when it is not JSON (then decoding it again says why)."""
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:  # not JSON, or not UTF-8
        return None


def dead_letter(record, error: str, attempts: int, group: str) -> bytes:
    body = {
        "original": {"topic": record.topic, "partition": record.partition, "offset": record.offset,
                     "key": record.key.decode(errors="replace") if record.key else None,
                     "value_b64": base64.b64encode(record.value or b"").decode()},
        "error": {"type": error.split(":", 1)[0], "message": error[:4000], "attempts": attempts},
        "failed_at": utc_now_iso(),
        "consumer_group": group,
    }
    return json.dumps(body, ensure_ascii=False).encode()


class ConsumerLoop:
    def __init__(self, consumer, producer_factory, dispatcher: Dispatcher, dlq_topic: str) -> None:
        self.consumer = consumer
        self.producer_factory = producer_factory
        self.producer = None
        self.dispatcher = dispatcher
        self.dlq_topic = dlq_topic
        self.backoff = 0.25

    def poll_once(self, timeout_ms: int = 500) -> int:
        """Handle one poll's records, then commit, per partition, the offset after the last
        record whose writes are done. A crash before the commit redelivers them: no-ops."""
        batches = self.consumer.poll(timeout_ms=timeout_ms)
        count, done = 0, {}
        try:
            for tp, records in batches.items():
                for record in records:
                    try:
                        self._process(record)
                    except InfrastructureUnavailable as exc:
                        log.warning("consumer %s waits for the infrastructure: %s", self.dispatcher.group, exc)
                        self.consumer.seek(tp, record.offset)  # read it again, nothing skipped
                        self.backoff = min(self.backoff * 2, 10.0)
                        time.sleep(self.backoff)
                        break
                    self.backoff = 0.25
                    done[tp] = record.offset + 1
                    count += 1
        finally:
            self._commit(done)
        return count

    def _process(self, record) -> None:
        outcome, error, attempts = self.dispatcher.handle_record(record)
        if outcome != "dead":
            return
        group = self.dispatcher.group
        log.error("dead-lettering %s[%d]@%d: %s", record.topic, record.partition, record.offset, error)
        if self.producer is None:
            self.producer = self.producer_factory()
        future = self.producer.send(self.dlq_topic, key=record.key, headers=DEAD_LETTER_HEADERS,
                                    value=dead_letter(record, error or "", attempts, group))
        self.producer.flush(timeout=30)
        future.get(timeout=0)  # raises: then nothing is committed and the message returns
        EVENTS_DEAD_LETTERED.labels(group, (error or "").split(":", 1)[0]).inc()
        EVENTS_CONSUMED.labels(group, "?", "dead").inc()

    def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        if not offsets:
            return
        try:
            self.consumer.commit({tp: OffsetAndMetadata(o, "", -1) for tp, o in offsets.items()})
        except (CommitFailedError, RebalanceInProgressError):
            # A rebalance moved the partitions, or is under way: whoever holds them next
            # (this member, after its next poll, or another) redelivers; projections are idempotent.
            log.info("commit of %s refused during a rebalance", offsets)

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.poll_once()
            except KafkaError as exc:
                log.warning("consumer %s: %s", self.dispatcher.group, exc)
                stop.wait(1.0)
        self.close()

    def close(self) -> None:
        self.consumer.close()
        if self.producer is not None:
            self.producer.close(timeout=2)
