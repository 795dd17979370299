"""Profile's reactor: turns what assessment and identity say into ProfileUpdated.

The profile of a person is a small event-sourced aggregate, stream `profile-<user id>`:
each upstream change appends one ProfileUpdated carrying the whole profile. The snapshot
remembers the last position applied per upstream stream, so a redelivered event appends
nothing. If a crash loses the snapshot update after the commit, a redelivery may append
the same profile twice, which is harmless for event-carried state (consumers keep the
latest). This is a reactor, not a projection: `pix replay` never runs it.
"""
from __future__ import annotations

from pixkit.events import Envelope, EventCodec, Meta
from pixkit.store import EventStore

from ..domain.competences import COMPETENCE_CODES
from ..domain.events import ProfileUpdated


def stream_of(user_id: str) -> str:
    return f"profile-{user_id}"


def _initial() -> dict:
    return {"competences": {}, "sources": {}}


def _evolve(state: dict | None, envelope: Envelope) -> dict:
    state = state or _initial()
    competences = {c["code"].replace(".", "_"): {k: c[k] for k in ("level", "pix", "progress")}
                   for c in envelope.data["competences"] if c["pix"] or c["level"]}
    return {**state, "competences": competences}


def _profile(user_id: str, competences: dict, at: str) -> ProfileUpdated:
    entries = tuple({"code": code, **competences.get(code.replace(".", "_"), {"level": 0, "pix": 0, "progress": 0})}
                    for code in COMPETENCE_CODES)
    return ProfileUpdated(user_id, sum(e["pix"] for e in entries), entries, at)


def _changed(state: dict, envelope: Envelope, version: int) -> dict | None:
    """The profile's competences after this event, or None when it changes nothing to say."""
    if envelope.type == "UserRegistered":
        return state["competences"] if version == 0 else None  # announce the (empty) profile once
    data = envelope.data  # CompetenceEvaluated v2: it carries the progress
    key = data["competence_code"].replace(".", "_")
    return {**state["competences"], key: {"level": data["level"], "pix": data["pix"], "progress": data["progress"]}}


def react(envelope: Envelope, *, store: EventStore, codec: EventCodec) -> None:
    user_id = envelope.data["user_id"]
    loaded = store.load(stream_of(user_id), _evolve, None)
    state = loaded.state or _initial()
    if state["sources"].get(envelope.stream, 0) >= envelope.position:
        return  # seen already
    competences = _changed(state, envelope, loaded.version)
    if competences is None:
        return
    event = _profile(user_id, competences, envelope.occurred_at)
    new_state = {"competences": competences, "sources": {**state["sources"], envelope.stream: envelope.position}}
    meta = Meta(correlation_id=envelope.meta.get("correlation_id"), causation_id=envelope.id,
                actor=envelope.meta.get("actor"))
    store.append(stream_of(user_id), loaded.version, [codec.encode(event)], key=user_id, state=new_state, meta=meta)
