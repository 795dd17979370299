"""Assessment's queries: an assessment, the person's competences, the framework, a file."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pixkit.errors import DomainError

from ..domain import opening
from ..domain.content import Bank
from ..domain.content.attachments import generators
from ..domain.content.attachments.render import render
from ..domain.errors import ChallengeNotFound
from ..domain.evaluation import iso, parse_iso
from . import campaign_tests, certification_tests
from .campaign_tests import CampaignProgress
from .certification_tests import CertificationProgress
from .engine import Engine, Progress, ended_if_stuck, find_entry, find_run, settled
from .reset import RESET_AFTER

MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


@dataclass(frozen=True)
class ReadAssessment:
    user_id: str
    assessment_id: str


@dataclass(frozen=True)
class ReadCompetences:
    user_id: str


@dataclass(frozen=True)
class ReadFramework:
    pass


@dataclass(frozen=True)
class ReadAttachment:
    """A file of a challenge of the person's own assessment: the current one or one answered."""
    user_id: str
    assessment_id: str
    challenge_id: str
    fmt: str


@dataclass(frozen=True)
class CompetenceStatus:
    code: str
    level: int
    pix: int
    evaluated: bool
    assessment_id: str | None
    can_improve: bool
    can_reset: bool
    reset_available_at: str | None
    # Why "Retenter" cannot open now (None when it can, or while a test is in progress), and
    # from when it will (None when waiting is not enough).
    improve_refusal: DomainError | None = None
    improve_available_at: str | None = None


@dataclass(frozen=True)
class File:
    name: str
    mime_type: str
    content: bytes


def _current(engine: Engine, user_id: str, assessment_id: str, meta
             ) -> Progress | CampaignProgress | CertificationProgress:
    entry = find_entry(engine, user_id, assessment_id)
    if entry.certification is not None:
        return certification_tests.read(entry, meta, engine=engine)
    if entry.campaign is not None:
        return campaign_tests.read(entry, meta, engine=engine)
    version, evaluation, run = find_run(engine, entry)
    return settled(engine, version, evaluation, run, meta)


def read_assessment(query: ReadAssessment, meta, *, engine: Engine
                    ) -> Progress | CampaignProgress | CertificationProgress:
    return _current(engine, query.user_id, query.assessment_id, meta)


def read_competences(query: ReadCompetences, meta, *, engine: Engine) -> list[CompetenceStatus]:
    """From each competence's aggregate: 16 small loads, exact even right after an answer."""
    now, out = engine.clock(), []
    for competence in engine.bank.competences:
        version, evaluation = engine.evaluations.load(query.user_id, competence.code)
        if evaluation.current:  # a run left with nothing to ask ends here, not on the person's click
            # (not settled: a listing shows no challenge, so it starts no challenge's timer)
            evaluation, _, _ = ended_if_stuck(engine, version, evaluation, evaluation.runs[evaluation.current], meta)
        last = evaluation.last_knowledge_at
        reset_at = parse_iso(last) + RESET_AFTER if last else None
        refusal = None if evaluation.current else opening.improvement_refusal(engine.bank, evaluation, now,
                                                                              engine.max_level)
        out.append(CompetenceStatus(
            competence.code, evaluation.level, evaluation.pix, evaluation.evaluated, evaluation.current,
            can_improve=not evaluation.current and refusal is None,
            can_reset=bool(last) and now >= reset_at,
            reset_available_at=iso(reset_at) if reset_at else None,
            improve_refusal=refusal, improve_available_at=refusal.details.get("availableAt") if refusal else None))
    return out


def read_framework(query: ReadFramework, meta, *, bank: Bank) -> Bank:
    return bank


def read_attachment(query: ReadAttachment, meta, *, engine: Engine) -> File:
    progress = _current(engine, query.user_id, query.assessment_id, meta)
    current = progress.challenge
    shown = {a.challenge_id for a in progress.run.answers} | ({current.id} if current else set())
    challenge = engine.bank.challenge_by_id.get(query.challenge_id) if query.challenge_id in shown else None
    if challenge is None or not challenge.attachment or challenge.attachment not in generators():
        raise ChallengeNotFound()
    return _rendered(challenge.attachment, query.fmt)


@lru_cache(maxsize=64)
def _rendered(name: str, fmt: str) -> File:
    """Files are a function of their seed: made once per process, then served from memory."""
    spec = generators()[name].generate()
    if fmt not in spec.formats:
        raise ChallengeNotFound(details={"formats": list(spec.formats)})
    return File(f"{spec.filename}.{fmt}", MIME_TYPES[fmt], render(spec, fmt))
