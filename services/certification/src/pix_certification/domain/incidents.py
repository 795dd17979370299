"""Incident reports (docs/domain.md §6) and which of them neutralize a question.

A neutralized question is taken out of the score: it counts neither for nor against the
candidate (scoring.py). Only problems inside a challenge neutralize, and only a question
answered wrong or skipped: a correct answer is never taken away from the candidate.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import IncidentChallengeRequired, UnknownIncidentCategory

# Wire names, lower_snake like the repo's other statuses (knowledge elements' "validated").
CANDIDATE_INFORMATION_CHANGE = "candidate_information_change"
SIGNATURE_ISSUE = "signature_issue"
IMAGE_NOT_DISPLAYING = "image_not_displaying"
FILE_NOT_OPENING = "file_not_opening"
SITE_BLOCKED = "site_blocked"
EXTRA_TIME_EXCEEDED = "extra_time_exceeded"
UNINTENTIONAL_FOCUS_OUT = "unintentional_focus_out"
ACCESSIBILITY = "accessibility"
FRAUD = "fraud"
NON_BLOCKING = "non_blocking"

IN_CHALLENGE_CATEGORIES = frozenset({IMAGE_NOT_DISPLAYING, FILE_NOT_OPENING, SITE_BLOCKED,
                                     EXTRA_TIME_EXCEEDED, UNINTENTIONAL_FOCUS_OUT, ACCESSIBILITY})
CATEGORIES = IN_CHALLENGE_CATEGORIES | {CANDIDATE_INFORMATION_CHANGE, SIGNATURE_ISSUE, FRAUD,
                                        NON_BLOCKING}
# §6: "some in-challenge reports neutralize": all of them do here, each one being a cause
# outside the candidate's control that may have cost the answer.
NEUTRALIZING_CATEGORIES = IN_CHALLENGE_CATEGORIES
CORRECT_STATUS = "ok"


@dataclass(frozen=True)
class IncidentReport:
    category: str
    challenge_id: str | None = None  # required for in-challenge categories


def incident_report(category: str, challenge_id: str | None = None) -> IncidentReport:
    """A checked report: a known category, and a challenge when the problem was inside one."""
    if category not in CATEGORIES:
        raise UnknownIncidentCategory(category=category)
    if category in IN_CHALLENGE_CATEGORIES and not challenge_id:
        raise IncidentChallengeRequired(category=category)
    return IncidentReport(category, challenge_id if category in IN_CHALLENGE_CATEGORIES else None)


def neutralizes(category: str, answer_status: str | None) -> bool:
    """Whether a report of `category` neutralizes a question answered with `answer_status`
    (None: never answered, i.e. skipped)."""
    return category in NEUTRALIZING_CATEGORIES and answer_status != CORRECT_STATUS


def neutralized_challenges(reports: Iterable[IncidentReport],
                           status_by_challenge: Mapping[str, str | None]) -> frozenset[str]:
    """The challenge ids the reports neutralize, given each asked challenge's answer status
    (None: asked, never answered);
    a report on a challenge that was not asked neutralizes nothing."""
    return frozenset(r.challenge_id for r in reports
                     if r.challenge_id is not None and r.challenge_id in status_by_challenge
                     and neutralizes(r.category, status_by_challenge[r.challenge_id]))
