"""From a finished test to a certificate (docs/adr/0016): the "courses" loop alone reacts to
assessment's certification events and to the sessions' finalization and publication, so its
steps never race one another. A reactor: it appends certification's own events (a replay
never runs it); each step looks at what the streams already hold, so a redelivery is a no-op.

- CertificationTestComposed: the questions are kept (`course_questions`, `_id` = course id), so
  that questions never answered count as abandoned.
- CertificationTestCompleted: the candidate's exam is finished (unless the invigilator ended it)
  and the course scored (reason test_completed; at once with the incidents when the session is
  already finalized).
- SessionFinalized: every course is scored again with the incidents (session_finalized); once
  all are, the session goes in process, awaiting a platform admin's publication.
- SessionPublished: each course whose last score certifies something gets its certificate.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

from pixkit.events import Envelope, EventCodec, Meta
from pixkit.store import EventStore
from pymongo.errors import DuplicateKeyError

from ..adapters.certificate_codes import CertificateCodes
from ..domain import courses, sessions
from ..handlers.sessions import decide, iso_utc

QUESTIONS = "course_questions"


@dataclass(frozen=True)
class CourseSteps:
    store: EventStore
    codec: EventCodec
    questions: object  # the `course_questions` collection
    codes: CertificateCodes
    clock: Callable[[], dt.datetime]
    new_id: Callable[[], str]

    # ---- events in ------------------------------------------------------------------------

    def on_test_composed(self, envelope: Envelope) -> None:
        data = envelope.data
        try:
            self.questions.insert_one({"_id": data["course_id"], "session_id": data["session_id"],
                                       "questions": list(data["questions"])})
        except DuplicateKeyError:
            pass  # composed once: a redelivery

    def on_test_completed(self, envelope: Envelope) -> None:
        data, meta = envelope.data, _meta(envelope)
        session = self._session(data["session_id"])
        candidate_id = sessions.candidate_of_course(session, data["course_id"])
        if candidate_id is None:
            raise LookupError(f"course {data['course_id']} is not one of session {data['session_id']}'s")
        if session["candidates"][candidate_id]["exam"] == sessions.STARTED:
            session = decide(self.store, self.codec, data["session_id"],
                             lambda s: sessions.finish_test(s, candidate_id)
                             if s["candidates"][candidate_id]["exam"] == sessions.STARTED else [], meta)
        composed = self.questions.find_one({"_id": data["course_id"]}) or {"questions": []}
        answers = courses.answers_of(composed["questions"], data["answers"])
        self._score(session, candidate_id, answers, courses.TEST_COMPLETED, meta)
        if session["status"] != sessions.CREATED:  # finalized before assessment said the test ended
            self._score(session, candidate_id, answers, courses.SESSION_FINALIZED, meta)
            self._settle(session["session_id"], meta)

    def on_session_finalized(self, envelope: Envelope) -> None:
        meta = _meta(envelope)
        session = self._session(envelope.data["session_id"])
        for candidate_id, course_id in sessions.courses(session).items():
            course = self.store.load(courses.course_stream(course_id), courses.evolve).state
            if course and course["last"]:
                self._score(session, candidate_id, list(course["last"]["answers"]), courses.SESSION_FINALIZED, meta)
        self._settle(session["session_id"], meta)

    def on_session_published(self, envelope: Envelope) -> None:
        meta = _meta(envelope)
        session = self._session(envelope.data["session_id"])
        for course_id in sessions.courses(session).values():
            stream = courses.course_stream(course_id)
            loaded = self.store.load(stream, courses.evolve)
            if loaded.state is None or loaded.state["certificate"] or not loaded.state["last"] \
                    or not courses.certifies(loaded.state["last"]):
                continue
            code, certificate_id = self.codes.reserve(course_id, self.new_id())
            events = courses.issue(loaded.state, certificate_id=certificate_id,
                                   verification_code=code, center_id=session["center_id"],
                                   certified_on=session["details"]["date"], issued_at=iso_utc(self.clock()))
            self._append(stream, loaded.version, loaded.state, events, course_id, meta)

    # ---- steps ----------------------------------------------------------------------------

    def _session(self, session_id: str) -> dict:
        state = self.store.load(sessions.session_stream(session_id), sessions.evolve).state
        if state is None:
            raise LookupError(f"no session {session_id}")
        return state

    def _score(self, session: dict, candidate_id: str, answers: list[dict], reason: str, meta: Meta) -> None:
        entry = session["candidates"][candidate_id]
        stream = courses.course_stream(entry["course_id"])
        loaded = self.store.load(stream, courses.evolve)
        if loaded.state and reason in loaded.state["scores"]:
            return  # scored for this reason already
        incidents = sessions.incidents_of(session, candidate_id) if reason == courses.SESSION_FINALIZED else ()
        event = courses.scored(course_id=entry["course_id"], session_id=session["session_id"],
                               candidate_id=candidate_id, user_id=entry["user_id"],
                               positioned_levels=sessions.positioned_levels(entry), answers=answers,
                               reason=reason, incidents=incidents, scored_at=iso_utc(self.clock()))
        self._append(stream, loaded.version, loaded.state, [event], entry["course_id"], meta)

    def _settle(self, session_id: str, meta: Meta) -> None:
        """In process once every course of the finalized session is scored with its incidents."""
        session = self._session(session_id)
        if session["status"] != sessions.FINALIZED:
            return
        for course_id in sessions.courses(session).values():
            course = self.store.load(courses.course_stream(course_id), courses.evolve).state
            if not course or courses.SESSION_FINALIZED not in course["scores"]:
                return  # its test's end is still on its way from assessment
        decide(self.store, self.codec, session_id, sessions.start_processing, meta)

    def _append(self, stream: str, version: int, state: dict | None, events: list, key: str, meta: Meta) -> None:
        if not events:
            return
        pending = [self.codec.encode(event) for event in events]
        self.store.append(stream, version, pending, key=key, state=reduce(courses.evolve, pending, state), meta=meta)


def _meta(envelope: Envelope) -> Meta:
    return Meta(correlation_id=envelope.meta.get("correlation_id"), causation_id=envelope.id,
                actor=envelope.meta.get("actor"))
