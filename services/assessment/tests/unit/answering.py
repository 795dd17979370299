"""Answers a candidate would type, right or wrong, for any challenge of the bank."""
from pix_assessment.domain.content.reference import reference_answer as right_answer
from pix_assessment.domain.content.reference import wrong_answer

__all__ = ["right_answer", "wrong_answer"]
