"""Which HTTP answer each of assessment's domain errors becomes: the one table, handed to
create_base_app(errors=ERRORS) (pixkit's shared rows add Forbidden, conflicts, store outages)."""
from __future__ import annotations

from ..domain.errors import (
    AlreadyEvaluated,
    AssessmentAlreadyCompleted,
    AssessmentNotFound,
    ChallengeNotFound,
    CompetenceNotFound,
    ImproveTooEarly,
    MalformedAnswer,
    MaxLevelReached,
    NotCurrentChallenge,
    NotEvaluatedYet,
    NothingToAsk,
    NothingToImprove,
    ResetTooEarly,
)

ERRORS = {
    CompetenceNotFound: 404,
    AssessmentNotFound: 404,
    ChallengeNotFound: 404,
    NotCurrentChallenge: 409,
    AssessmentAlreadyCompleted: 409,
    AlreadyEvaluated: 409,
    NotEvaluatedYet: 409,
    MaxLevelReached: 409,
    ResetTooEarly: 409,
    ImproveTooEarly: 409,
    NothingToImprove: 409,
    NothingToAsk: 409,
    MalformedAnswer: 422,  # a client bug, never a wrong answer
}
