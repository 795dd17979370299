"""What the center's members read of their sessions: one session with its codes and candidate
list (the stream's snapshot, then one vault find per candidate), and the center's sessions
(one `_id` find of the projection's document, projections/sessions.py)."""
from __future__ import annotations

from ..domain import session_commands as cmd
from ..domain import sessions
from ..domain.candidates import folded_name
from .sessions import SessionHandlers, load


def session_center(query: cmd.ReadSessionCenter, meta=None, *, store) -> str | None:
    """None for no such session: the HTTP side answers it as it answers a stranger."""
    loaded = store.load(sessions.session_stream(query.session_id), sessions.evolve)
    return loaded.state["center_id"] if loaded.state else None


def read_session(query: cmd.ReadSession, meta=None, *, store, codes, vault, commands: SessionHandlers) -> dict:
    state = load(store, query.session_id).state
    listed = vault.listed(query.session_id, state["candidates"])
    candidates = [{"id": candidate_id, **listed.get(candidate_id, {}), **_exam_view(entry)}
                  for candidate_id, entry in state["candidates"].items()]
    candidates.sort(key=lambda c: (folded_name(c.get("last_name") or ""), folded_name(c.get("first_name") or ""),
                                   c["id"]))
    return {"id": state["session_id"], "center_id": state["center_id"], "status": state["status"],
            **state["details"], "access_code": codes.code_of(query.session_id),
            "invigilator_password": commands.password_of(query.session_id),
            "examiner_comment": state["examiner_comment"], "candidates": candidates}


def _exam_view(entry: dict) -> dict:
    return {"extra_time_percentage": entry["extra_time_percentage"], "billing_mode": entry["billing_mode"],
            "joined": entry["user_id"] is not None, "exam": entry["exam"], "absent": entry["absent"]}


def center_sessions(query: cmd.ReadCenterSessions, meta=None, *, center_sessions) -> list[dict]:
    """Soonest first."""
    doc = center_sessions.find_one({"_id": query.center_id}) or {}
    rows = [{"id": session_id, **summary} for session_id, summary in (doc.get("sessions") or {}).items()]
    return sorted(rows, key=lambda r: (r.get("date") or "", r.get("time") or "", r["id"]))
