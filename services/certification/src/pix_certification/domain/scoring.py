"""A certification test's result (docs/domain.md §6), with every figure kept for audit.

The reproducibility rate is the share of correct answers (`ok` only; ko, aband, timedout
and focusedOut are wrong) among the answers that are not neutralized. Below 50 %,
nothing is certified. Otherwise each competence is judged on its own answers.

A correct answer is never neutralized (§6): one flagged so stays counted, correct, here as in
incidents.py, so that no caller can take a success away from the candidate.

Each competence is judged on its non-neutralized answers, by how many of them were
missed. A neutralized question is taken out: it neither helps nor hurts, so the rule
for 3 questions is kept and only its margin shrinks with the evidence:
- no answer left (all neutralized, or none asked): not certified, nothing shows the level;
- none missed: the positioned level (a candidate who lost questions to incidents but got
  every other one right keeps the level, as with 3 of 3);
- one missed out of 3 or more (§6's "exactly 2 correct"): the level if the rate is at
  least 80 %, the level minus one below;
- one missed out of 2: the level minus one if the rate is at least 80 %, not certified
  below; one miss out of two answers says as much as two out of three, so it costs a step;
- one missed out of 1, or two or more missed: not certified (§6's "fewer than 2 correct").
The level minus one of a competence positioned at level 1 is level 0: not certified.

Pix: §5 counts 8 pix per level (level = floor(pix / 8)), so a certified level is worth
level × 8 pix and the score is their sum.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import AnswerOutsideTest

CORRECT_STATUS = "ok"
PIX_PER_LEVEL = 8
MIN_RATE_PERCENT = 50
FULL_LEVEL_RATE_PERCENT = 80

CERTIFIED = "certified"
LEVEL_MINUS_ONE = "level_minus_one"
NOT_CERTIFIED = "not_certified"


@dataclass(frozen=True)
class CertificationAnswer:
    challenge_id: str
    competence_code: str
    status: str  # ok | ko | aband | timedout | focusedOut
    neutralized: bool = False

    @property
    def counted(self) -> bool:
        return not self.neutralized or self.status == CORRECT_STATUS


@dataclass(frozen=True)
class CompetenceResult:
    competence_code: str
    positioned_level: int
    answers: int  # asked, neutralized included
    neutralized: int
    correct: int  # among the non-neutralized
    outcome: str  # certified | level_minus_one | not_certified
    certified_level: int

    @property
    def counted(self) -> int:
        return self.answers - self.neutralized

    @property
    def certified_pix(self) -> int:
        return self.certified_level * PIX_PER_LEVEL


@dataclass(frozen=True)
class CertificationScore:
    answers: int
    neutralized: int
    correct: int  # among the non-neutralized
    rate_percent: float  # 100 × correct / counted, 0 when nothing counts
    rate_below_minimum: bool  # below 50 %: nothing certified
    competences: tuple[CompetenceResult, ...]  # by competence code
    pix: int

    @property
    def counted(self) -> int:
        return self.answers - self.neutralized


def score(positioned_levels: Mapping[str, int],
          answers: Iterable[CertificationAnswer]) -> CertificationScore:
    """The result of a test on the competences of `positioned_levels` (code → level)."""
    by_competence: dict[str, list[CertificationAnswer]] = {code: [] for code in positioned_levels}
    for answer in answers:
        if answer.competence_code not in by_competence:
            raise AnswerOutsideTest(competence=answer.competence_code)
        by_competence[answer.competence_code].append(answer)
    every = [a for group in by_competence.values() for a in group]
    counted = [a for a in every if a.counted]
    correct = sum(a.status == CORRECT_STATUS for a in counted)
    # Integer comparisons: 50 % and 80 % are exact boundaries, no float rounding near them.
    below_minimum = correct * 100 < MIN_RATE_PERCENT * len(counted) or not counted
    full_level_rate = correct * 100 >= FULL_LEVEL_RATE_PERCENT * len(counted)
    results = tuple(_judge(code, positioned_levels[code], by_competence[code],
                           below_minimum, full_level_rate)
                    for code in sorted(by_competence))
    return CertificationScore(
        answers=len(every), neutralized=len(every) - len(counted), correct=correct,
        rate_percent=100 * correct / len(counted) if counted else 0.0,
        rate_below_minimum=below_minimum, competences=results,
        pix=sum(r.certified_pix for r in results))


def _judge(code: str, level: int, answers: list[CertificationAnswer],
           below_minimum: bool, full_level_rate: bool) -> CompetenceResult:
    counted = [a for a in answers if a.counted]
    correct = sum(a.status == CORRECT_STATUS for a in counted)
    outcome = NOT_CERTIFIED if below_minimum else _outcome(len(counted), len(counted) - correct,
                                                           full_level_rate)
    certified_level = {CERTIFIED: level, LEVEL_MINUS_ONE: level - 1}.get(outcome, 0)
    if certified_level <= 0:
        outcome, certified_level = NOT_CERTIFIED, 0
    return CompetenceResult(code, level, len(answers), len(answers) - len(counted), correct,
                            outcome, certified_level)


def _outcome(counted: int, missed: int, full_level_rate: bool) -> str:
    if counted == 0 or missed >= 2 or (missed == 1 and counted == 1):
        return NOT_CERTIFIED
    if missed == 0:
        return CERTIFIED
    if counted >= 3:
        return CERTIFIED if full_level_rate else LEVEL_MINUS_ONE
    return LEVEL_MINUS_ONE if full_level_rate else NOT_CERTIFIED
