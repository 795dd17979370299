"""Certification's exam events that drive a certification test (docs/adr/0016). A reactor: it
appends assessment's own events, so a replay never runs it.

- CertificationCourseStarted composes and opens the course's test, once: a redelivery, or the
  same event sent again for a resume, finds it open and does nothing
  (handlers/certification_tests.py). It also remembers the candidate's course.
- CandidateTestEnded (the invigilator ended the test) names the candidate only: their course
  is the one remembered; the test completes with the answers given so far. A test completed
  already, or a candidate whose test never opened here, ignores it.
"""
from __future__ import annotations

from collections.abc import Callable

from pixkit.events import Envelope, Meta

from ..domain.commands import EndCertificationTest, StartCertificationTest


def _meta(envelope: Envelope) -> Meta:
    return Meta(correlation_id=envelope.meta.get("correlation_id"), causation_id=envelope.id,
                actor=envelope.meta.get("actor"))


def on_course_started(envelope: Envelope, *, start: Callable[[StartCertificationTest, Meta], object]) -> None:
    data = envelope.data
    levels = tuple((p["competence_code"], p["level"]) for p in data["positioned_levels"])
    start(StartCertificationTest(data["course_id"], data["session_id"], data["candidate_id"], data["user_id"],
                                 data["extra_time_percentage"], levels, data["seed"], data["started_at"]),
          _meta(envelope))


def on_test_ended(envelope: Envelope, *, end: Callable[[EndCertificationTest, Meta], object]) -> None:
    data = envelope.data
    end(EndCertificationTest(data["session_id"], data["candidate_id"]), _meta(envelope))
