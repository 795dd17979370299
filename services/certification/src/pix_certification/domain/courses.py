"""One candidate's certification course (stream `course-<course id>`, docs/adr/0016): its
scores and its certificate. Pure rules.

A course is scored when assessment says the test completed (CertificationTestCompleted:
every answer in the order asked), and again at the session's finalization with the incidents
recorded then; the last score counts. Each score keeps every figure it was computed from
(CertificationScored). The questions assessment composed but the candidate never answered
(an ended test) count as abandoned: wrong, unless an incident neutralizes them.

State: {course_id, session_id, candidate_id, user_id, positioned_levels, answers, questions,
scores: [reason...], last: {...the last CertificationScored's data}, certificate: {...} | None}.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .course_events import CertificateIssued, CertificationScored
from .incidents import IncidentReport, neutralized_challenges
from .scoring import CERTIFIED, LEVEL_MINUS_ONE, CertificationAnswer, score

TEST_COMPLETED, SESSION_FINALIZED = "test_completed", "session_finalized"
UNANSWERED = "aband"  # a composed question the candidate never reached


def course_stream(course_id: str) -> str:
    return f"course-{course_id}"


def answers_of(questions: Iterable[Mapping], answered: Iterable[Mapping]) -> list[dict]:
    """Every composed question, in order, with its answer's status (UNANSWERED when none)."""
    status = {a["challenge_id"]: a["status"] for a in answered}
    rows = [{"challenge_id": q["challenge_id"], "competence_code": q["competence_code"],
             "status": status.get(q["challenge_id"], UNANSWERED)} for q in questions]
    known = {q["challenge_id"] for q in questions}
    # Answers assessment recorded for questions this side never heard of: kept, never dropped.
    rows += [{"challenge_id": a["challenge_id"], "competence_code": a["competence_code"], "status": a["status"]}
             for a in answered if a["challenge_id"] not in known]
    return rows


def scored(*, course_id: str, session_id: str, candidate_id: str, user_id: str,
           positioned_levels: Mapping[str, int], answers: list[dict], reason: str,
           incidents: Iterable[IncidentReport] = (), scored_at: str) -> CertificationScored:
    """One scoring run (domain/scoring.py) and every figure it used."""
    answered = {a["challenge_id"]: (None if a["status"] == UNANSWERED else a["status"]) for a in answers}
    neutral = neutralized_challenges(incidents, answered)
    run = score(positioned_levels, [CertificationAnswer(a["challenge_id"], a["competence_code"], a["status"],
                                                        a["challenge_id"] in neutral) for a in answers])
    return CertificationScored(
        course_id=course_id, session_id=session_id, candidate_id=candidate_id, user_id=user_id, reason=reason,
        positioned_levels=tuple({"competence_code": c, "level": lvl} for c, lvl in sorted(positioned_levels.items())),
        answers=tuple({**a, "neutralized": a["challenge_id"] in neutral} for a in answers),
        questions=len(answers), counted=run.counted, correct=run.correct, rate_percent=round(run.rate_percent, 2),
        rate_below_minimum=run.rate_below_minimum,
        competences=tuple({"competence_code": r.competence_code, "positioned_level": r.positioned_level,
                           "answers": r.answers, "neutralized": r.neutralized, "correct": r.correct,
                           "outcome": r.outcome, "certified_level": r.certified_level} for r in run.competences),
        pix=run.pix, scored_at=scored_at)


def certifies(last_score: Mapping) -> bool:
    return any(c["outcome"] in (CERTIFIED, LEVEL_MINUS_ONE) for c in last_score["competences"])


def issue(state: dict, *, certificate_id: str, verification_code: str, center_id: str, certified_on: str,
          issued_at: str) -> list:
    """At publication: a certificate once, for a course whose last score certifies something."""
    if state.get("certificate") or not state.get("last") or not certifies(state["last"]):
        return []
    last = state["last"]
    return [CertificateIssued(certificate_id=certificate_id, verification_code=verification_code,
                              course_id=state["course_id"], session_id=last["session_id"],
                              candidate_id=last["candidate_id"], center_id=center_id,
                              user_id=last["user_id"],
                              competences=tuple({"competence_code": c["competence_code"],
                                                 "level": c["certified_level"]} for c in last["competences"]),
                              pix=last["pix"], certified_on=certified_on, issued_at=issued_at)]


def evolve(state: dict | None, envelope) -> dict:
    data, kind = envelope.data, envelope.type
    state = dict(state or {"course_id": data["course_id"], "scores": [], "last": None, "certificate": None})
    if kind == "CertificationScored":
        state["scores"] = [*state["scores"], data["reason"]]
        state["last"] = dict(data)
    elif kind == "CertificateIssued":
        state["certificate"] = {k: data[k] for k in ("certificate_id", "verification_code", "issued_at")}
    return state
