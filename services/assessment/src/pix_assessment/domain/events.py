"""Events assessment publishes on pix.assessment.events (key: the person's user id).
Wire names and versions are bound in bootstrap (the codec); contracts/ holds their schemas.

All of one person's evaluation of one competence is one stream, `competence-<user>-<code>`:
its assessments, answers and knowledge elements are ordered, and a double submit races on
one position (exactly one wins). A campaign test is a stream of its own,
`campaign-<participation id>`: its AnswerRecorded (kind "campaign") and its end.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AssessmentStarted:
    assessment_id: str
    user_id: str
    competence_code: str
    kind: str  # "positioning" | "improve"
    started_at: str
    bank_version: str
    # Improve only: skills failed more than 4 days ago, asked again (their elements dropped).
    retried_skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerRecorded:
    assessment_id: str
    user_id: str
    competence_code: str
    challenge_id: str
    skill: str
    status: str  # ok | ko | aband | timedout | focusedOut
    kind: str
    answered_at: str
    # The knowledge elements the answer produced: [{"skill", "status", "source"}].
    knowledge_elements: tuple[dict, ...] = ()


@dataclass(frozen=True)
class CompetenceEvaluated:
    user_id: str
    competence_code: str
    assessment_id: str | None  # None for a reset
    reason: str  # "assessment" | "reset"
    validated_skills: tuple[str, ...]
    invalidated_skills: tuple[str, ...]
    pix: int
    level: int
    max_level: int
    evaluated_at: str
    progress: int  # pix toward the next level (v2): readers no longer recompute it


@dataclass(frozen=True)
class AssessmentCompleted:
    assessment_id: str
    user_id: str
    competence_code: str
    kind: str
    answers: int
    completed_at: str



@dataclass(frozen=True)
class CampaignAssessmentCompleted:
    """The end of a campaign test (stream `campaign-<participation id>`): the mastery of the
    campaign's target profile. A campaign never changes the positioning profile, so it ends
    with this event alone, never with a CompetenceEvaluated."""
    assessment_id: str  # = participation_id
    participation_id: str
    campaign_id: str
    user_id: str
    completed_at: str
    target_skills: tuple[str, ...]
    validated_skills: tuple[str, ...]
    invalidated_skills: tuple[str, ...]
    mastery_rate: int
    # Each targeted competence, by code: [{"code", "validated", "total", "mastery_rate"}].
    competences: tuple[dict, ...] = ()


@dataclass(frozen=True)
class CertificationTestComposed:
    """The certification test assessment composed for one course (stream `certification-<course id>`,
    docs/adr/0016): three questions per certifiable competence at most, 48 in all."""
    course_id: str
    session_id: str
    assessment_id: str
    user_id: str
    questions: tuple[dict, ...]  # in the order asked: [{"competence_code", "skill", "challenge_id"}]
    composed_at: str


@dataclass(frozen=True)
class CertificationTestCompleted:
    """The candidate answered the last question, or the invigilator ended the test: every
    answer's competence and status, what certification scores from."""
    course_id: str
    session_id: str
    assessment_id: str
    user_id: str
    answers: tuple[dict, ...]  # in the order asked: [{"challenge_id", "competence_code", "status"}]
    questions: int  # composed; those not answered when the test was ended count as not answered
    ended_by: str  # candidate | invigilator
    completed_at: str
