"""The event envelope (contracts/events/envelope.v1.json) and the per-service event codec.

Domain events are frozen dataclasses owned by the producing service; the codec maps each
class to its explicit wire name and schema version, and validates payloads against the
contracts. Consumers of other services' events work with the validated envelope data.
"""
from __future__ import annotations

import dataclasses
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pix_contracts import registry

from .upcasting import UPCASTERS, Upcasters


class DecodeError(ValueError):
    """A message that is not a well-formed event envelope."""


def utc_now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Meta:
    correlation_id: str | None = None
    causation_id: str | None = None
    actor: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Envelope:
    id: str
    type: str
    schema_version: int
    source: str
    stream: str
    position: int
    occurred_at: str
    key: str
    data: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_wire(self) -> bytes:
        return json.dumps(self.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def from_dict(cls, raw: Any) -> Envelope:
        if not isinstance(raw, dict):
            raise DecodeError("envelope is not a JSON object")
        names = {f.name for f in dataclasses.fields(cls)}
        missing = sorted(names - {"meta"} - raw.keys())
        if missing:
            raise DecodeError(f"envelope misses {', '.join(missing)}")
        checks = {"id": str, "type": str, "schema_version": int, "source": str, "stream": str,
                  "position": int, "occurred_at": str, "key": str, "data": dict}
        for name, kind in checks.items():
            if not isinstance(raw[name], kind) or isinstance(raw[name], bool):
                raise DecodeError(f"envelope field {name} must be {kind.__name__}")
        meta = raw.get("meta") or {}
        if not isinstance(meta, dict):
            raise DecodeError("envelope field meta must be an object")
        return cls(**{n: raw[n] for n in names - {"meta"}}, meta=meta)

    @classmethod
    def from_wire(cls, value: bytes | None) -> Envelope:
        if value is None:
            raise DecodeError("empty message")
        try:
            raw = json.loads(value)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DecodeError(f"not JSON: {exc}") from exc
        return cls.from_dict(raw)


@dataclass(frozen=True)
class PendingEvent:
    """An event about to be appended: wire type, version and validated data."""

    type: str
    schema_version: int
    data: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: str = field(default_factory=utc_now_iso)


class EventCodec:
    """Explicit mapping between a service's event dataclasses and their wire names."""

    def __init__(self, upcasters: Upcasters = UPCASTERS) -> None:
        self.upcasters = upcasters
        self._by_class: dict[type, tuple[str, int]] = {}
        self._by_wire: dict[tuple[str, int], type] = {}

    def register(self, cls: type, wire_name: str, version: int = 1) -> None:
        registry.schema_for(wire_name, version)  # the contract must exist
        self._by_class[cls] = (wire_name, version)
        self._by_wire[(wire_name, version)] = cls

    def encode(self, event: Any) -> PendingEvent:
        wire_name, version = self._by_class[type(event)]
        data = registry.validate_data(wire_name, version, dataclasses.asdict(event))
        return PendingEvent(type=wire_name, schema_version=version, data=data)

    def decode(self, envelope: Envelope) -> Any:
        """The event as its class; one written in an older version than the codec registers
        (the service's own log holds those for good) is upcast first."""
        cls = self._by_wire.get((envelope.type, envelope.schema_version))
        if cls is not None:
            return cls(**envelope.data)
        later = sorted(v for name, v in self._by_wire if name == envelope.type and v > envelope.schema_version)
        if not later:
            raise KeyError((envelope.type, envelope.schema_version))
        data = registry.validate_data(envelope.type, envelope.schema_version, envelope.data)
        return self._by_wire[(envelope.type, later[0])](**self.upcasters.upcast(
            envelope.type, envelope.schema_version, later[0], data))

    @property
    def wire_names(self) -> set[str]:
        return {name for name, _ in self._by_wire}
