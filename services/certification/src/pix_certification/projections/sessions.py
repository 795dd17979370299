"""Each center's sessions, for its members' list: `center_sessions`, `_id` = center id →
{sessions: {session id: {date, time, room, address, examiner, status, candidates}}}. One `_id`
find per page view; a center holds a few sessions a week, so the document stays small. And
`_id` "awaiting-publication" → {sessions: {session id: summary + center_id}}: the sessions in
process, which the platform admins (CERTIF) publish.

Written by the "sessions" loop alone, from the sessions' own events (no personal data in
them: the count of candidates, not who they are). Each write is guarded by the event's
position in its session's stream (apply_once): a redelivery is a no-op.
"""
from __future__ import annotations

from pixkit.events import Envelope
from pixkit.projection import apply_once

COLLECTION = "center_sessions"
DETAILS = ("address", "room", "examiner", "date", "time")
AWAITING = "awaiting-publication"  # the sessions in process: what the platform admins publish
STATUS_OF = {"SessionFinalized": "finalized", "SessionProcessingStarted": "in_process",
             "SessionPublished": "published"}


def _center_of(envelope: Envelope, center_sessions) -> str | None:
    """Later events name the session only: the session's center is kept by its id."""
    doc = center_sessions.find_one({"_id": f"session:{envelope.data['session_id']}"})
    return doc["center_id"] if doc else None


def on_session_created(envelope: Envelope, *, center_sessions) -> None:
    data, session_id = envelope.data, envelope.data["session_id"]
    apply_once(center_sessions, f"session:{session_id}", envelope, {"$set": {"center_id": data["center_id"]}})
    summary = {f"sessions.{session_id}.{field}": data[field] for field in DETAILS}
    apply_once(center_sessions, data["center_id"], envelope,
               {"$set": {**summary, f"sessions.{session_id}.status": "created",
                         f"sessions.{session_id}.candidates": 0}})


def on_details_updated(envelope: Envelope, *, center_sessions) -> None:
    _update(envelope, center_sessions, {field: envelope.data[field] for field in DETAILS})


def on_candidates_added(envelope: Envelope, *, center_sessions) -> None:
    _update(envelope, center_sessions, {}, count=len(envelope.data["candidates"]))


def on_candidate_removed(envelope: Envelope, *, center_sessions) -> None:
    _update(envelope, center_sessions, {}, count=-1)


def on_status_changed(envelope: Envelope, *, center_sessions) -> None:
    _update(envelope, center_sessions, {"status": STATUS_OF[envelope.type]})
    session_id = envelope.data["session_id"]
    if envelope.type == "SessionProcessingStarted":
        center_id = _center_of(envelope, center_sessions)
        summary = (center_sessions.find_one({"_id": center_id}) or {}).get("sessions", {}).get(session_id, {})
        apply_once(center_sessions, AWAITING, envelope,
                   {"$set": {f"sessions.{session_id}": {**summary, "center_id": center_id}}})
    elif envelope.type == "SessionPublished":
        apply_once(center_sessions, AWAITING, envelope, {"$unset": {f"sessions.{session_id}": ""}})


def _update(envelope: Envelope, center_sessions, fields: dict, count: int = 0) -> None:
    center_id = _center_of(envelope, center_sessions)
    if center_id is None:
        # The stream's first event comes first (one key, one partition): no center means a
        # session this projection never saw created, which a replay from the start repairs.
        raise LookupError(f"session {envelope.data['session_id']} has no center yet")
    session_id = envelope.data["session_id"]
    update: dict = {"$set": {f"sessions.{session_id}.{k}": v for k, v in fields.items()}}
    if count:
        update["$inc"] = {f"sessions.{session_id}.candidates": count}
    apply_once(center_sessions, center_id, envelope, update)


HANDLERS = {"SessionCreated": on_session_created, "SessionDetailsUpdated": on_details_updated,
            "CandidatesAdded": on_candidates_added, "CandidateRemoved": on_candidate_removed,
            **{kind: on_status_changed for kind in STATUS_OF}}
