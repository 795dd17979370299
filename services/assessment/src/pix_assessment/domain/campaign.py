"""A campaign test (docs/domain.md §4, §7): one more kind of assessment, on the target
profile of an ASSESSMENT campaign rather than on one competence.

The target is every skill, up to the maximum level, of the targeted competences and tubes.
The next challenge follows the positioning rules of §4 (algorithm.py) over those skills of
several competences: one level estimate from every direct answer, rewards per tube, the
easy tubes first, never two timed challenges in a row, propagation along each tube (on its
target skills). The test ends when the algorithm has nothing left to ask. It needs no cap:
each answer gives a knowledge element to a target skill that had none (the asked skill is
always untested), so a test asks at most as many challenges as it has target skills.

A retry (attempt 2 and more) starts with the previous attempt's validated skills and its
failures younger than 4 days; older failures are forgotten, so their skills are asked again.

The state is plain data, stored as the stream's snapshot; its start (the target, what a
retry keeps, the challenges seen before) is the assessment index's document, so that the
target never depends on the bank's later content.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from . import algorithm, knowledge
from .content import Bank, Challenge, Skill
from .evaluation import RecordedAnswer, Run, iso, parse_iso
from .events import AnswerRecorded, CampaignAssessmentCompleted
from .knowledge import KnowledgeElement
from .opening import RETRY_FAILURES_AFTER

KIND = "campaign"


def stream_of(participation_id: str) -> str:
    return f"campaign-{participation_id}"


@dataclass
class CampaignTest:
    participation_id: str
    campaign_id: str
    user_id: str
    targets: dict[str, str]  # target skill → its competence code
    run: Run
    knowledge: dict[str, KnowledgeElement] = field(default_factory=dict)
    # Challenges answered before (a previous attempt, the positioning tests): asked again
    # only when their skill has no unseen challenge left.
    seen_before: list[str] = field(default_factory=list)

    @property
    def target_skills(self) -> tuple[str, ...]:
        return tuple(sorted(self.targets))

    def to_doc(self) -> dict:
        return asdict(self)

    @classmethod
    def from_doc(cls, doc: dict) -> CampaignTest:
        run = doc["run"]
        return cls(**{**doc, "run": Run(**{**run, "answers": [RecordedAnswer(**a) for a in run["answers"]]}),
                      "knowledge": {k: KnowledgeElement(**ke) for k, ke in doc["knowledge"].items()}})


def targets_of(bank: Bank, competences: Iterable[str], tubes: Iterable[str], max_level: int) -> dict[str, str]:
    """Every skill up to `max_level` of the target competences, and of the target tubes
    ("@tube" in the campaign's event; the bank names a tube without its "@")."""
    competences, tubes = set(competences), {t.removeprefix("@") for t in tubes}
    return {s.name: s.competence_code for s in sorted(bank.skills, key=lambda s: s.name)
            if s.level <= max_level and (s.competence_code in competences or s.tube in tubes)}


def kept_knowledge(previous: CampaignTest, targets: dict[str, str], at: datetime) -> dict[str, KnowledgeElement]:
    """What a retry starting at `at` keeps of the previous attempt: its validated skills,
    and its failures younger than 4 days (older ones are forgotten: asked again)."""
    return {skill: ke for skill, ke in previous.knowledge.items() if skill in targets and (
        ke.status == knowledge.VALIDATED or parse_iso(ke.at) + RETRY_FAILURES_AFTER > at)}


def _target_skills(bank: Bank, test: CampaignTest) -> list[Skill]:
    return [bank.skill_by_name[name] for name in test.target_skills if name in bank.skill_by_name]


def situation(bank: Bank, test: CampaignTest) -> algorithm.Situation:
    run, targets = test.run, set(test.targets)
    last = run.answers[-1] if run.answers else None
    last_challenge = bank.challenge_by_id.get(last.challenge_id) if last else None
    return algorithm.Situation(
        assessment_id=run.id, skills=_target_skills(bank, test),
        challenges=[c for c in bank.challenges if c.skill in targets and c.status == "validated"],
        knowledge=test.knowledge, answered=frozenset(a.challenge_id for a in run.answers),
        seen_before=frozenset(test.seen_before), last_was_timed=bool(last_challenge and last_challenge.is_timed))


def next_question(bank: Bank, test: CampaignTest) -> Challenge | None:
    """The challenge the test asks now; None once it is completed or has nothing left."""
    if test.run.completed:
        return None
    return algorithm.next_challenge(situation(bank, test))


def tube_of(bank: Bank, test: CampaignTest, skill: Skill) -> list[Skill]:
    """The target skills of the answered skill's tube: where its answer propagates."""
    return [s for s in _target_skills(bank, test) if s.tube == skill.tube]


def rate(validated: int, total: int) -> int:
    """validated × 100 / total, rounded down (0 for an empty target)."""
    return validated * 100 // total if total else 0


@dataclass(frozen=True)
class Mastery:
    validated: tuple[str, ...]
    invalidated: tuple[str, ...]
    rate: int
    competences: tuple[dict, ...]  # {"code", "validated", "total", "mastery_rate"}, by code


def mastery(test: CampaignTest) -> Mastery:
    """The target profile's mastery from the test's knowledge (skills outside it ignored)."""
    on_target = {k: ke for k, ke in test.knowledge.items() if k in test.targets}
    validated = tuple(sorted(k for k, ke in on_target.items() if ke.status == knowledge.VALIDATED))
    invalidated = tuple(sorted(k for k, ke in on_target.items() if ke.status == knowledge.INVALIDATED))
    per_competence = []
    for code in sorted(set(test.targets.values())):
        skills = [s for s, c in test.targets.items() if c == code]
        held = sum(1 for s in skills if s in validated)
        per_competence.append({"code": code, "validated": held, "total": len(skills),
                               "mastery_rate": rate(held, len(skills))})
    return Mastery(validated, invalidated, rate(len(validated), len(test.targets)), tuple(per_competence))


def completion(test: CampaignTest, now: datetime) -> CampaignAssessmentCompleted:
    figures = mastery(test)
    return CampaignAssessmentCompleted(
        test.participation_id, test.participation_id, test.campaign_id, test.user_id, iso(now), test.target_skills,
        figures.validated, figures.invalidated, figures.rate, figures.competences)


def apply(test: CampaignTest, event: object) -> CampaignTest:
    """Mutates and returns the state; each event's effect is total, so replays agree."""
    if isinstance(event, AnswerRecorded):
        test.run.answers.append(RecordedAnswer(event.challenge_id, event.skill, event.status, event.answered_at))
        for ke in event.knowledge_elements:
            test.knowledge[ke["skill"]] = KnowledgeElement(ke["skill"], ke["status"], ke["source"],
                                                           event.assessment_id, event.answered_at)
    elif isinstance(event, CampaignAssessmentCompleted):
        test.run.completed_at = event.completed_at
    return test
