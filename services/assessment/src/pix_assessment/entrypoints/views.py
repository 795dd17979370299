"""The JSON shapes of the assessment API, in the caller's language (French by default).
A challenge never carries its solution; only a finished test's review shows what was expected.
A certification test shows no correctness at all, not even once finished (docs/domain.md §6)."""
from __future__ import annotations

from functools import lru_cache

from pix_contracts import framework
from pixkit.web.messages import message

from ..domain import campaign, certification, shuffle
from ..domain.content import Bank, Challenge
from ..domain.content.attachments import generators
from ..handlers.campaign_tests import CampaignProgress
from ..handlers.certification_tests import CertificationProgress
from ..handlers.engine import Progress
from .messages import MESSAGES

CHECKPOINT_EVERY = 5


def _text(fr: str, en: str | None, lang: str) -> str:
    return en if lang == "en" and en else fr


def _proposals(challenge: Challenge, lang: str) -> tuple[str, ...]:
    """In the bank's order; English only when every proposal has its translation."""
    if lang == "en" and len(challenge.proposals_en) == len(challenge.proposals_fr):
        return challenge.proposals_en
    return challenge.proposals_fr


def challenge_view(challenge: Challenge, lang: str, assessment_id: str) -> dict:
    texts = _proposals(challenge, lang)
    proposals = [texts[n - 1] for n in shuffle.display_order(assessment_id, challenge)]
    attachments = []
    if challenge.attachment:
        filename, formats = _attachment(challenge.attachment)
        attachments = [{"format": fmt, "name": f"{filename}.{fmt}",
                        "url": f"/api/assessments/{assessment_id}/challenges/{challenge.id}/attachments/{fmt}"}
                       for fmt in formats]
    return {
        "id": challenge.id, "type": challenge.type,
        "instruction": _text(challenge.instruction_fr, challenge.instruction_en, lang),
        "proposals": proposals,  # numbered 1..n as shown: answers use these numbers
        "fields": [{"name": f.name, "label": _text(f.label_fr, f.label_en, lang)} for f in challenge.fields],
        "timer": challenge.timer, "illustrationAlt": challenge.illustration_alt, "attachments": attachments,
        "focus": False,  # only a certification watches the page's focus
    }


@lru_cache(maxsize=128)
def _attachment(name: str) -> tuple[str, tuple[str, ...]]:
    spec = generators()[name].generate()
    return spec.filename, tuple(spec.formats)


def _checkpoint(progress: Progress | CampaignProgress, bank: Bank, lang: str) -> list[dict] | None:
    answers = progress.run.answers
    if not answers or len(answers) % CHECKPOINT_EVERY:
        return None
    recap = []
    for answer in answers[-CHECKPOINT_EVERY:]:
        challenge = bank.challenge_by_id.get(answer.challenge_id)
        text = _text(challenge.instruction_fr, challenge.instruction_en, lang) if challenge else ""
        # The whole instruction: the page shortens it on a word boundary.
        recap.append({"challengeId": answer.challenge_id, "instruction": text.strip(),
                      "status": answer.status, "correct": answer.status == "ok"})
    return recap


def _solution(challenge: Challenge, lang: str) -> list[dict]:
    """The expected answer as a person reads it: proposal texts, or each field's first
    variant (the reference answer) under its label."""
    kind, solution = challenge.type, challenge.solution
    if kind in ("QCU", "QCM"):
        texts = _proposals(challenge, lang)
        return [{"label": None, "text": texts[n - 1]} for n in ([solution] if kind == "QCU" else sorted(solution))]
    if kind == "QROC":
        return [{"label": None, "text": solution[0]}]
    if kind == "QROCM-ind":
        return [{"label": _text(f.label_fr, f.label_en, lang), "text": solution[f.name][0]} for f in challenge.fields]
    return [{"label": None, "text": group[0]} for group in solution]  # QROCM-dep: any `anyOf` of these


def _review(progress: Progress | CampaignProgress, bank: Bank, lang: str) -> list[dict] | None:
    """Once the test is over, never before: each answered challenge, how it went, what was
    expected (docs/domain.md §4)."""
    if not progress.run.completed:
        return None
    out = []
    for answer in progress.run.answers:
        challenge = bank.challenge_by_id.get(answer.challenge_id)
        if challenge is None:  # gone from the bank since: nothing left to show
            continue
        out.append({"challengeId": challenge.id, "type": challenge.type,
                    "instruction": _text(challenge.instruction_fr, challenge.instruction_en, lang).strip(),
                    "status": answer.status, "correct": answer.status == "ok",
                    "solution": _solution(challenge, lang),
                    "anyOf": len(challenge.fields) if challenge.type == "QROCM-dep" else None})
    return out


def _campaign_result(progress: CampaignProgress) -> dict | None:
    if not progress.run.completed:
        return None
    figures = campaign.mastery(progress.test)
    return {"masteryRate": figures.rate, "validatedSkills": len(figures.validated),
            "targetSkills": len(progress.test.targets),
            "competences": [{"code": c["code"], "validated": c["validated"], "total": c["total"],
                             "masteryRate": c["mastery_rate"]} for c in figures.competences]}


def _campaign_view(progress: CampaignProgress, bank: Bank, lang: str) -> dict:
    """A campaign test spans several competences: no competence of its own."""
    run = progress.run
    return {
        "id": run.id, "competenceCode": None, "competenceTitle": None,
        "kind": run.kind, "state": "completed" if run.completed else "started",
        "progress": {"answered": len(run.answers), "total": None, "checkpointEvery": CHECKPOINT_EVERY},
        "challenge": challenge_view(progress.challenge, lang, run.id) if progress.challenge else None,
        "checkpoint": _checkpoint(progress, bank, lang), "result": _campaign_result(progress),
        "review": _review(progress, bank, lang),
    }


def _certification_view(progress: CertificationProgress, lang: str) -> dict:
    """The candidate's page: the question in the composed order, its timer lengthened by their
    extra time, whether it watches the focus; nothing of how the answers went (a certification
    reveals no result before its session's publication): no checkpoint, review or result."""
    run, test, challenge = progress.run, progress.test, None
    if progress.challenge is not None:
        challenge = {**challenge_view(progress.challenge, lang, run.id),
                     "timer": certification.lengthened(progress.challenge.timer, test.extra_time_percentage),
                     "focus": progress.challenge.focus}
    return {
        "id": run.id, "competenceCode": None, "competenceTitle": None,
        "kind": run.kind, "state": "completed" if run.completed else "started",
        "progress": {"answered": len(run.answers), "total": len(test.questions), "checkpointEvery": None},
        "challenge": challenge, "checkpoint": None, "result": None, "review": None,
    }


def answered_view(progress, bank: Bank, lang: str, max_level: int) -> dict:
    """The answer to an answer: its status (never for a certification), and the assessment."""
    status = None if isinstance(progress, CertificationProgress) else progress.status
    return {"status": status, "assessment": assessment_view(progress, bank, lang, max_level)}


def assessment_view(progress: Progress | CampaignProgress | CertificationProgress, bank: Bank, lang: str,
                    max_level: int) -> dict:
    if isinstance(progress, CertificationProgress):
        return _certification_view(progress, lang)
    if isinstance(progress, CampaignProgress):
        return _campaign_view(progress, bank, lang)
    evaluation, run = progress.evaluation, progress.run
    competence = bank.competence_by_code[evaluation.competence_code]
    result = None
    if run.completed:
        result = {"level": evaluation.level, "pix": evaluation.pix,
                  "progress": framework.progress(evaluation.pix, evaluation.level, max_level),
                  "maxLevel": max_level}
    return {
        "id": run.id, "competenceCode": competence.code,
        "competenceTitle": _text(competence.title_fr, competence.title_en, lang),
        "kind": run.kind, "state": "completed" if run.completed else "started",
        "progress": {"answered": len(run.answers), "total": None, "checkpointEvery": CHECKPOINT_EVERY},
        "challenge": challenge_view(progress.challenge, lang, run.id) if progress.challenge else None,
        "checkpoint": _checkpoint(progress, bank, lang), "result": result,
        "review": _review(progress, bank, lang),
    }


def _refusal(error, lang: str) -> dict | None:
    """A refusal as the improvement's POST would give it: its code, its text, from when."""
    if error is None:
        return None
    return {"code": error.code, "message": message(MESSAGES, error.code, lang, error.params),
            "availableAt": error.details.get("availableAt")}


def competences_view(statuses, bank: Bank, lang: str, max_level: int) -> dict:
    areas = {a.code: a for a in bank.areas}
    out = []
    for status in statuses:
        competence = bank.competence_by_code[status.code]
        area = areas[competence.area_code]
        out.append({"code": status.code, "title": _text(competence.title_fr, competence.title_en, lang),
                    "areaCode": area.code, "areaTitle": _text(area.title_fr, area.title_en, lang),
                    "level": status.level, "pix": status.pix,
                    "progress": framework.progress(status.pix, status.level, max_level),
                    "evaluated": status.evaluated, "assessmentId": status.assessment_id,
                    "canImprove": status.can_improve, "canReset": status.can_reset,
                    "resetAvailableAt": status.reset_available_at,
                    "improveAvailableAt": status.improve_available_at,
                    "improveRefusal": _refusal(status.improve_refusal, lang)})
    return {"totalPix": sum(s.pix for s in statuses), "maxLevel": max_level, "competences": out}


def framework_view(bank: Bank, lang: str) -> dict:
    return {"version": bank.version, "areas": [
        {"code": area.code, "title": _text(area.title_fr, area.title_en, lang),
         "competences": [
             {"code": c.code, "title": _text(c.title_fr, c.title_en, lang),
              "tubes": [{"name": t.name, "title": _text(t.title_fr, t.title_en, lang),
                         "skills": sorted(s.level for s in bank.skills if s.tube == t.name)}
                        for t in bank.tubes if t.competence_code == c.code]}
             for c in bank.competences if c.area_code == area.code]}
        for area in bank.areas]}
