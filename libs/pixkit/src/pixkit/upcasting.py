"""Reading an event in a later version of its contract than the one it was written in
(docs/adr/0010-event-versions-and-upcasters.md).

An upcaster takes the data of (wire name, version n) to version n + 1; steps chain, so a
v1 reaches a v3 reader through v2. Every step's result is validated against the contract of
the version it claims, so a faulty upcaster stops at the step that broke, never in a
handler. There are no downcasters: a reader of v1 cannot read a v2.

The platform's steps are pix_contracts.upcasters (every consumer of a contract needs the
same ones); `UPCASTERS` holds them, and the consumer loop and the codec use it unless
given another registry.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from marshmallow import ValidationError
from pix_contracts import registry
from pix_contracts import upcasters as contract_upcasters

Upcaster = Callable[[dict], dict]


class UnreadableVersion(LookupError):
    """No upcaster chain leads from the event's version to the one its reader reads."""


class UpcastFailed(ValueError):
    """An upcaster gave data its target version's contract refuses: a bug of the upcaster."""


class Upcasters:
    """A registry of steps, (wire name, from version) → data of from version + 1."""

    def __init__(self, steps: Mapping[tuple[str, int], Upcaster] | None = None) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}
        for (wire_name, version), step in (steps or {}).items():
            self.register(wire_name, version, step)

    def register(self, wire_name: str, from_version: int, upcaster: Upcaster) -> None:
        registry.schema_for(wire_name, from_version)  # both ends must be contracts
        registry.schema_for(wire_name, from_version + 1)
        if (wire_name, from_version) in self._steps:
            raise ValueError(f"an upcaster of {wire_name} v{from_version} is registered already")
        self._steps[(wire_name, from_version)] = upcaster

    def reaches(self, wire_name: str, from_version: int, to_version: int) -> bool:
        """Whether a chain of steps leads from `from_version` to `to_version` (itself included)."""
        if type(from_version) is not int or type(to_version) is not int or from_version > to_version:
            return False
        return all((wire_name, v) in self._steps for v in range(from_version, to_version))

    def upcast(self, wire_name: str, from_version: int, to_version: int, data: dict) -> dict:
        """`data`, valid in `from_version`, as the validated data of `to_version`."""
        if not self.reaches(wire_name, from_version, to_version):
            raise UnreadableVersion(f"no upcaster takes {wire_name} v{from_version} to v{to_version}")
        for version in range(from_version, to_version):
            raised = self._steps[(wire_name, version)](data)
            try:
                data = registry.validate_data(wire_name, version + 1, raised)
            except ValidationError as exc:
                raise UpcastFailed(f"{wire_name} v{version}→v{version + 1} breaks v{version + 1}: "
                                   f"{exc.messages}") from exc
        return data


# Built at import: a dict copy of the contracts' steps, nothing more.
UPCASTERS = Upcasters(contract_upcasters.UPCASTERS)
