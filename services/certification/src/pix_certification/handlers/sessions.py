"""Sessions and their candidate lists, for the center's members (docs/domain.md §6). The
aggregate (stream `session-<id>`, domain/sessions.py) decides; what the stream must not hold
goes beside it first: the access code (adapters/session_codes.py) and the candidates' fields
(adapters/candidate_vault.py). Who may act is checked by the HTTP side (a member of the
session's center, pixkit.web.membership)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import reduce

from pixkit.events import EventCodec, Meta
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import ConcurrencyError, EventStore

from ..adapters.candidate_sheets import parse_candidates
from ..adapters.candidate_vault import CandidateVault
from ..adapters.session_codes import SessionCodes
from ..domain import candidates as cand
from ..domain import session_commands as cmd
from ..domain import sessions

# A conflicting append: another member acted on the same session at that moment; decide again
# on the new state a few times before answering 409.
ATTEMPTS = 3
PASSWORD_SECRET = "invigilator-passwords"  # noqa: S105 - the name of the ServiceSecrets key, not a secret


def iso_utc(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append(store: EventStore, codec: EventCodec, session_id: str, version: int, state: dict | None,
           events: list, meta: Meta) -> dict | None:
    pending = [codec.encode(event) for event in events]
    state = reduce(sessions.evolve, pending, state)  # a PendingEvent has the type and data evolve reads
    store.append(sessions.session_stream(session_id), version, pending, key=session_id, state=state, meta=meta)
    return state


def load(store: EventStore, session_id: str):
    loaded = store.load(sessions.session_stream(session_id), sessions.evolve)
    if loaded.state is None:
        raise sessions.SessionNotFound()
    return loaded


def decide(store: EventStore, codec: EventCodec, session_id: str, rule: Callable[[dict], list],
           meta: Meta) -> dict:
    """Loads the session, asks `rule` for its events, appends them at that version."""
    for attempt in range(ATTEMPTS):
        loaded = load(store, session_id)
        events = rule(loaded.state)
        if not events:
            return loaded.state
        try:
            return append(store, codec, session_id, loaded.version, loaded.state, events, meta)
        except ConcurrencyError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


class SessionHandlers:
    """The command side's collaborators, bound once in bootstrap."""

    def __init__(self, *, store: EventStore, codec: EventCodec, codes: SessionCodes, vault: CandidateVault,
                 secrets: ServiceSecrets, clock: Callable[[], dt.datetime], new_id: Callable[[], str]) -> None:
        self.store, self.codec, self.codes, self.vault = store, codec, codes, vault
        self.secrets, self.clock, self.new_id = secrets, clock, new_id

    def password_of(self, session_id: str) -> str:
        return sessions.invigilator_password(self.secrets.get(PASSWORD_SECRET), session_id)

    def create(self, command: cmd.CreateSession, meta: Meta) -> dict:
        """Checked first (a refused form wastes no code), then the code, then the stream."""
        session_id = self.new_id()
        events = sessions.create_session(session_id=session_id, center_id=command.center_id,
                                         details=command.details, created_by=command.created_by,
                                         created_at=iso_utc(self.clock()))
        code = self.codes.reserve(session_id)
        append(self.store, self.codec, session_id, 0, None, events, meta)
        return {"id": session_id, "access_code": code, "invigilator_password": self.password_of(session_id)}

    def update_details(self, command: cmd.UpdateSessionDetails, meta: Meta) -> None:
        decide(self.store, self.codec, command.session_id,
               lambda s: sessions.update_details(s, command.details, updated_by=command.updated_by), meta)

    def add_candidate(self, command: cmd.AddCandidate, meta: Meta) -> dict:
        record = cand.to_record(cand.candidate_from_fields(command.fields, today=self.clock().date()))
        candidate_id = self.new_id()
        try:
            self._add(command.session_id, [(candidate_id, record)], command.added_by, meta)
        except sessions.CandidateDuplicated:
            raise cand.CandidateAlreadyListed() from None
        return {"id": candidate_id}

    def import_candidates(self, command: cmd.ImportCandidates, meta: Meta) -> dict:
        """All the file's candidates, or none: every bad line is reported (line, field, code)."""
        loaded = load(self.store, command.session_id)
        sessions.require_editable(loaded.state)  # before reading a file that could not be used
        listed = self.vault.listed(command.session_id, loaded.state["candidates"])
        parsed = parse_candidates(command.filename, command.content, today=self.clock().date(),
                                  existing=[cand.from_record(fields) for fields in listed.values()])
        pairs = [(self.new_id(), cand.to_record(candidate)) for candidate in parsed]
        self._add(command.session_id, pairs, command.added_by, meta)
        return {"imported": len(pairs)}

    def _add(self, session_id: str, pairs: Sequence[tuple[str, dict]], added_by: str, meta: Meta) -> None:
        """The fields go into the vault first, under fresh ids, then CandidatesAdded names them;
        an add refused in the end (a race lost for good, or the same person added meanwhile
        by someone else) takes them out again."""
        vaulted = False
        try:
            for attempt in range(ATTEMPTS):
                loaded = load(self.store, session_id)
                listed = self.vault.listed(session_id, loaded.state["candidates"])
                events = sessions.add_candidates(loaded.state, pairs, listed=listed, added_by=added_by)
                if not events:
                    return
                self.vault.put(session_id, pairs)
                vaulted = True
                try:
                    append(self.store, self.codec, session_id, loaded.version, loaded.state, events, meta)
                    return
                except ConcurrencyError:
                    if attempt == ATTEMPTS - 1:
                        raise
        except Exception:
            if vaulted:
                self.vault.forget(session_id, [candidate_id for candidate_id, _ in pairs])
            raise

    def remove_candidate(self, command: cmd.RemoveCandidate, meta: Meta) -> None:
        decide(self.store, self.codec, command.session_id,
               lambda s: sessions.remove_candidate(s, command.candidate_id, removed_by=command.removed_by), meta)
        self.vault.forget(command.session_id, [command.candidate_id])

    def bindings(self) -> dict:
        return {cmd.CreateSession: self.create, cmd.UpdateSessionDetails: self.update_details,
                cmd.AddCandidate: self.add_candidate, cmd.ImportCandidates: self.import_candidates,
                cmd.RemoveCandidate: self.remove_candidate}
