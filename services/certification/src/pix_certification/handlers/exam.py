"""The exam (docs/domain.md §6): a candidate joins with the session's access code and who they
are, waits for the invigilator, starts (CertificationCourseStarted, which assessment composes
the test from) and may report a problem; the invigilator, with the access code and the
invigilator password, follows the live list, authorizes starts and resumes, ends a test and
records incidents. The session's aggregate decides each step (domain/sessions.py)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pixkit.events import EventCodec, Meta
from pixkit.service_secrets import ServiceSecrets
from pixkit.store import EventStore

from ..adapters.candidate_vault import CandidateVault
from ..adapters.session_codes import SessionCodes
from ..domain import invigilator_tokens as tokens
from ..domain import session_commands as cmd
from ..domain import sessions
from ..domain.candidates import folded_name
from ..domain.eligibility import eligibility
from ..projections.profiles import levels_of
from .sessions import PASSWORD_SECRET, decide, iso_utc, load

TOKEN_SECRET = "invigilator-tokens"  # noqa: S105 - the name of the ServiceSecrets key, not a secret


def candidate_of(state: dict, user_id: str) -> str:
    """The candidate the person joined as; a session they did not join is not theirs."""
    match = next((cid for cid, c in state["candidates"].items() if c["user_id"] == user_id), None)
    if match is None:
        raise sessions.SessionNotFound()
    return match


class ExamHandlers:
    def __init__(self, *, store: EventStore, codec: EventCodec, codes: SessionCodes, vault: CandidateVault,
                 secrets: ServiceSecrets, profiles, clock: Callable[[], dt.datetime],
                 new_id: Callable[[], str]) -> None:
        self.store, self.codec, self.codes, self.vault = store, codec, codes, vault
        self.secrets, self.profiles, self.clock, self.new_id = secrets, profiles, clock, new_id

    # ---- the candidate ------------------------------------------------------------------

    def join(self, command: cmd.JoinSession, meta: Meta) -> dict:
        session_id = self.codes.session_of(command.access_code)
        if session_id is None:
            raise sessions.AccessCodeUnknown()

        typed = {"last_name": command.last_name, "first_name": command.first_name, "birth_date": command.birth_date}

        def rule(state: dict) -> list:
            listed = self.vault.listed(session_id, state["candidates"])
            match = sessions.matching_candidate(state, listed, **typed)
            if match is not None and state["candidates"][match]["user_id"] is None:
                self.vault.remember_person(command.user_id, session_id, match)  # before the join: erasable
            return sessions.join(state, user_id=command.user_id, listed=listed, **typed)
        state = decide(self.store, self.codec, session_id, rule, meta)
        return {"session_id": session_id, "candidate_id": candidate_of(state, command.user_id)}

    def my_exam(self, query: cmd.ReadMyExam, meta: Meta | None = None) -> dict:
        state = load(self.store, query.session_id).state
        candidate_id = candidate_of(state, query.user_id)
        entry = state["candidates"][candidate_id]
        return {"session_id": state["session_id"], "candidate_id": candidate_id, "status": state["status"],
                "exam": entry["exam"], "course_id": entry["course_id"], "resume": entry["resume"],
                "extra_time_percentage": entry["extra_time_percentage"],
                **{k: state["details"][k] for k in ("address", "room", "date", "time")}}

    def start(self, command: cmd.StartCourse, meta: Meta) -> dict:
        """Only an eligible, authorized candidate; a resume keeps the course. Someone who did
        not join the session is told so before anything about their profile."""
        course_id, seed, at = self.new_id(), self.new_id(), iso_utc(self.clock())

        def rule(state: dict) -> list:
            candidate_id = candidate_of(state, command.user_id)
            levels = levels_of(self.profiles, command.user_id)
            judged = eligibility(levels)
            if not judged.eligible:
                raise sessions.NotEligible(missing=judged.missing)
            positioned = {code: levels[code] for code in judged.certifiable_competences}
            return sessions.start_course(state, candidate_id, course_id, positioned_levels=positioned, seed=seed,
                                         started_at=at)
        state = decide(self.store, self.codec, command.session_id, rule, meta)
        return {"course_id": state["candidates"][candidate_of(state, command.user_id)]["course_id"]}

    def report(self, command: cmd.ReportProblem, meta: Meta) -> None:
        at = iso_utc(self.clock())

        def rule(state: dict) -> list:
            return sessions.raise_alert(state, candidate_of(state, command.user_id), command.kind, raised_at=at,
                                        challenge_id=command.challenge_id)
        decide(self.store, self.codec, command.session_id, rule, meta)

    # ---- the invigilator ----------------------------------------------------------------

    def open_invigilation(self, command: cmd.OpenInvigilation, meta: Meta | None = None) -> dict:
        """The same refusal for an unknown code and a wrong password."""
        session_id = self.codes.session_of(command.access_code)
        if session_id is None or not sessions.password_matches(self.secrets.get(PASSWORD_SECRET), session_id,
                                                               command.password):
            raise sessions.InvigilatorRefused()
        today = self.clock().date()
        return {"session_id": session_id, "token": tokens.issue(self.secrets.get(TOKEN_SECRET), session_id, today),
                "expires_at": tokens.expires_at(today)}

    def _check(self, session_id: str, token: str | None) -> None:
        if not tokens.opens(self.secrets.get(TOKEN_SECRET), token, session_id, self.clock().date()):
            raise sessions.InvigilatorRefused()

    def live(self, query: cmd.ReadLiveSession, meta: Meta | None = None) -> dict:
        """The live list: every candidate, joined or not, with their state and alerts."""
        self._check(query.session_id, query.token)
        state = load(self.store, query.session_id).state
        listed = self.vault.listed(query.session_id, state["candidates"])
        alerts: dict[str, list] = {}
        for alert in state["alerts"]:
            alerts.setdefault(alert["candidate_id"], []).append(alert)
        rows = [{"id": cid, "last_name": listed.get(cid, {}).get("last_name", ""),
                 "first_name": listed.get(cid, {}).get("first_name", ""), "joined": entry["user_id"] is not None,
                 "exam": entry["exam"], "resume": entry["resume"], "absent": entry["absent"],
                 "extra_time_percentage": entry["extra_time_percentage"], "alerts": alerts.get(cid, [])}
                for cid, entry in state["candidates"].items()]
        rows.sort(key=lambda r: (folded_name(r["last_name"]), folded_name(r["first_name"]), r["id"]))
        return {"session_id": state["session_id"], "status": state["status"], **state["details"],
                "candidates": rows, "incidents": list(state["incidents"])}

    def invigilate(self, command: cmd.Invigilate, meta: Meta) -> None:
        self._check(command.session_id, command.token)

        def rule(state: dict) -> list:
            if command.action == "end":
                return sessions.end_test(state, command.candidate_id)
            if (state["candidates"].get(command.candidate_id) or {}).get("exam") == sessions.STARTED:
                return sessions.authorize_resume(state, command.candidate_id)
            return sessions.authorize(state, command.candidate_id)
        decide(self.store, self.codec, command.session_id, rule, meta)

    def record_incident(self, command: cmd.RecordIncident, meta: Meta) -> None:
        self._check(command.session_id, command.token)
        decide(self.store, self.codec, command.session_id,
               lambda s: sessions.record_incident(s, command.candidate_id, command.category, command.challenge_id),
               meta)

    def bindings(self) -> dict:
        return {cmd.JoinSession: self.join, cmd.ReadMyExam: self.my_exam, cmd.StartCourse: self.start,
                cmd.ReportProblem: self.report, cmd.OpenInvigilation: self.open_invigilation,
                cmd.ReadLiveSession: self.live, cmd.Invigilate: self.invigilate,
                cmd.RecordIncident: self.record_incident}
