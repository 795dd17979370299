"""What the center's members, candidates and invigilators ask of a session (handlers/sessions.py)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CreateSession:
    center_id: str
    created_by: str
    details: Mapping[str, str]


@dataclass(frozen=True)
class UpdateSessionDetails:
    session_id: str
    updated_by: str
    details: Mapping[str, str]


@dataclass(frozen=True)
class AddCandidate:
    """One candidate typed in the center's form (wire names, dates as dd/mm/yyyy or ISO)."""
    session_id: str
    added_by: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class ImportCandidates:
    session_id: str
    added_by: str
    filename: str
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class RemoveCandidate:
    session_id: str
    candidate_id: str
    removed_by: str


@dataclass(frozen=True)
class ReadSessionCenter:
    """Which center a session belongs to: the HTTP side checks the caller's membership there."""
    session_id: str


@dataclass(frozen=True)
class ReadSession:
    session_id: str


@dataclass(frozen=True)
class ReadCenterSessions:
    center_id: str
