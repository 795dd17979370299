"""One person's evaluation of one competence: the aggregate, rebuilt from its events.

The state is plain data (it is also the stream's snapshot in the store): the assessments
run on the competence, their answers, and the current knowledge elements.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from .events import AnswerRecorded, AssessmentCompleted, AssessmentStarted, CompetenceEvaluated
from .knowledge import KnowledgeElement

ISO_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def iso(moment: datetime) -> str:
    """The state's and the events' moments: ISO 8601 UTC text."""
    return moment.strftime(ISO_FORMAT)


def parse_iso(text: str) -> datetime:
    return datetime.strptime(text, ISO_FORMAT).replace(tzinfo=UTC)


def stream_of(user_id: str, competence_code: str) -> str:
    # No "." in stream ids: consumers use them as document field names (pixkit.projection).
    return f"competence-{user_id}-{competence_code.replace('.', '_')}"


@dataclass
class RecordedAnswer:
    challenge_id: str
    skill: str
    status: str
    at: str


@dataclass
class Run:
    """One assessment on the competence."""
    id: str
    kind: str
    started_at: str
    answers: list[RecordedAnswer] = field(default_factory=list)
    completed_at: str | None = None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


@dataclass
class Evaluation:
    user_id: str
    competence_code: str
    knowledge: dict[str, KnowledgeElement] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    current: str | None = None  # the assessment in progress
    pix: int = 0
    level: int = 0
    evaluated: bool = False  # a completed assessment since the last reset

    @property
    def last_knowledge_at(self) -> str | None:
        return max((ke.at for ke in self.knowledge.values()), default=None)

    def answered_elsewhere(self, run_id: str) -> frozenset[str]:
        return frozenset(a.challenge_id for r in self.runs.values() if r.id != run_id for a in r.answers)

    def to_doc(self) -> dict:
        return asdict(self)

    def copy(self) -> Evaluation:
        return Evaluation.from_doc(self.to_doc())

    @classmethod
    def from_doc(cls, doc: dict) -> Evaluation:
        runs = {k: Run(**{**r, "answers": [RecordedAnswer(**a) for a in r["answers"]]})
                for k, r in doc["runs"].items()}
        knowledge = {k: KnowledgeElement(**ke) for k, ke in doc["knowledge"].items()}
        return cls(**{**doc, "runs": runs, "knowledge": knowledge})


def apply(state: Evaluation, event: object) -> Evaluation:
    """Mutates and returns the state; each event's effect is total, so replays agree."""
    if isinstance(event, AssessmentStarted):
        for skill in event.retried_skills:
            state.knowledge.pop(skill, None)
        state.runs[event.assessment_id] = Run(event.assessment_id, event.kind, event.started_at)
        state.current = event.assessment_id
    elif isinstance(event, AnswerRecorded):
        state.runs[event.assessment_id].answers.append(
            RecordedAnswer(event.challenge_id, event.skill, event.status, event.answered_at))
        for ke in event.knowledge_elements:
            state.knowledge[ke["skill"]] = KnowledgeElement(ke["skill"], ke["status"], ke["source"],
                                                             event.assessment_id, event.answered_at)
    elif isinstance(event, CompetenceEvaluated):
        state.pix, state.level = event.pix, event.level
        if event.reason == "reset":
            state.knowledge.clear()
            state.evaluated = False
            if state.current:  # a reset ends the assessment in progress
                state.runs[state.current].completed_at = event.evaluated_at
                state.current = None
        else:
            state.evaluated = True
    elif isinstance(event, AssessmentCompleted):
        state.runs[event.assessment_id].completed_at = event.completed_at
        if state.current == event.assessment_id:
            state.current = None
    return state
