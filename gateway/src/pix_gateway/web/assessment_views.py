"""One assessment's pages (docs/domain.md §3-5): one challenge at a time (/evaluation/<id>),
the recap every 5 answers (…/bilan), the result, and the challenges' files, fetched
server-side with the person's token (the browser holds no token: sessions are server-side).

Its blueprint is nested in `web` (web/__init__.py): endpoints `web.assessment.*`, under
the same CSRF check and session handling as the other pages. The assessment API is
called through `api.authorized` (routing, token refresh, language, ids)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup
from pix_contracts.framework import PIX_PER_LEVEL

from . import api, pages_common, sessions
from .competence_views import COMPETENCES_PATH, next_step
from .forms import MAX_LENGTH, api_message
from .i18n import t
from .markdown import plain_text, render_inline, render_markdown, shorten
from .pages_common import ID, as_int, error_page, error_status, is_id, not_found, page, refused, see, session_expired
from .wording import plural

FORMATS = ("xlsx", "ods", "docx", "odt")
CHOICE_TYPES = ("QCU", "QCM")
FIELDS_TYPES = ("QROCM-ind", "QROCM-dep")
FIELD_PREFIX = "field."  # QROCM inputs are named field.<the challenge's field name>
MAX_FIELDS = 20
MAX_PROPOSALS = 50
FILE_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition", "Last-Modified", "ETag")
FILE_CHUNK = 64 * 1024
RECAP_LENGTH = 160  # characters of a question in the recap, cut after a whole word
MAX_REVIEW = 60  # a test asks far fewer questions


def _view(assessment_id: str) -> api.Answer:
    return api.authorized("GET", f"/api/assessments/{assessment_id}")


@page(path={"assessment_id": is_id})
def assessment(assessment_id: str):
    refusal = pages_common.kept()  # a refused answer (_again), shown while its challenge is the current one
    if not refusal.extra:
        return _assessment_page(assessment_id)
    view = _view(assessment_id)
    current = view.body.get("challenge") if view.ok else None
    if not isinstance(current, dict) or current.get("id") != refusal.extra.get("challengeId"):
        return _assessment_page(assessment_id, view=view)
    return _assessment_page(assessment_id, values=refusal.extra.get("values"), problems=refusal.extra.get("problems"),
                            empty=bool(refusal.extra.get("empty")), status=refusal.status, view=view)


def _assessment_page(assessment_id: str, *, values: Any = None, problems: list[str] | None = None,
                     empty: bool = False, status: int = 200, view: api.Answer | None = None):
    """The current challenge (with what was entered and the problems, after a refused
    answer; `empty`: the problem is the missing answer), or the result once completed."""
    answer = view or _view(assessment_id)
    if not answer.ok:
        return refused(answer)
    body = answer.body
    challenge = body.get("challenge")
    if body.get("state") == "completed" or not isinstance(challenge, dict):
        if body.get("kind") == "campaign":  # its result is the campaign's: mastery, and sending it
            return see("web.participations.participation", participation_id=assessment_id)
        if not isinstance(body.get("result"), dict):
            return error_page(t("error.unexpected"), 503)
        return render_template("result.html", view=body, result=_result(body["result"]), review=_review(body),
                               next=_next_step(str(body.get("competenceCode") or "")))
    return render_template("challenge.html", view=body, challenge=_challenge(assessment_id, challenge),
                           number=as_int((body.get("progress") or {}).get("answered")) + 1,
                           values=values, problems=problems or [], empty=empty), status


def _challenge(assessment_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    challenge_id = str(raw.get("id", ""))
    kind = raw.get("type")
    attachments = []
    for item in raw.get("attachments") or []:
        fmt = item.get("format") if isinstance(item, dict) else None
        if fmt in FORMATS and ID.fullmatch(challenge_id):
            attachments.append({"format": fmt, "name": str(item.get("name") or ""),
                                "href": url_for("web.assessment.attachment", assessment_id=assessment_id,
                                                        challenge_id=challenge_id, fmt=fmt)})
    fields = [{"name": str(f.get("name", "")), "label": str(f.get("label") or f.get("name", ""))}
              for f in raw.get("fields") or [] if isinstance(f, dict)][:MAX_FIELDS]
    timer = raw.get("timer")
    return {"id": challenge_id, "type": kind, "instruction": render_markdown(str(raw.get("instruction") or "")),
            "proposals": [{"value": str(i), "html": render_inline(str(p))}
                          for i, p in enumerate(raw.get("proposals") or [], start=1)][:MAX_PROPOSALS],
            "fields": fields, "timer": timer if as_int(timer) > 0 else None,
            "illustrationAlt": raw.get("illustrationAlt") or None, "attachments": attachments}


def _result(raw: dict[str, Any]) -> dict[str, Any]:
    level, max_level = as_int(raw.get("level")), as_int(raw.get("maxLevel"))
    progress = as_int(raw.get("progress"))
    return {"level": level, "pix": as_int(raw.get("pix")), "progress": progress, "maxLevel": max_level,
            "next": level + 1, "left": max(PIX_PER_LEVEL - progress, 0), "perLevel": PIX_PER_LEVEL,
            "atMax": bool(max_level) and level >= max_level}


def _review(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Each answered challenge of a finished test, with whether it was right and the
    expected answer (the API's `review`, as Pix's "Réponses et tutos"): only once the test
    is completed, never during it, whatever the API sends."""
    items = body.get("review")
    if body.get("state") != "completed" or not isinstance(items, list):
        return []
    out = []
    for item in items[:MAX_REVIEW]:
        if not isinstance(item, dict):
            continue
        instruction = str(item.get("instruction") or "")
        any_of = as_int(item.get("anyOf"))
        out.append({"summary": shorten(plain_text(instruction), RECAP_LENGTH),
                    "instruction": render_markdown(instruction), "status": _recap_status(item),
                    "solution": _solution(item.get("solution")),
                    "anyOf": plural("review.anyOf", any_of) if any_of else None})
    return out


def _solution(parts: Any) -> list[Markup]:
    """The expected answer's parts ({label, text}: a proposal, a field's reference answer),
    each as a line, under its label when it has one."""
    lines = []
    for part in parts[:MAX_PROPOSALS] if isinstance(parts, list) else []:
        if not isinstance(part, dict) or not str(part.get("text") or ""):
            continue
        label = str(part.get("label") or "")
        text = render_inline(str(part["text"]))
        lines.append(Markup("{}{}{}").format(label, t("summary.sep"), text) if label else text)
    return lines


def _next_step(code: str) -> dict[str, Any] | None:
    """What the person can do next on the competence just tested (the tests page's card):
    try again, or why not and from when. None when the listing does not answer: the
    result stands on its own."""
    listing = api.authorized("GET", COMPETENCES_PATH)
    entries = listing.body.get("competences") if listing.ok else None
    raw = next((e for e in entries or [] if isinstance(e, dict) and e.get("code") == code), None)
    if raw is None:
        return None
    return {**next_step(raw, as_int(listing.body.get("maxLevel"))), "errors": []}


@page(path={"assessment_id": is_id})
def answer(assessment_id: str):
    challenge_id = request.form.get("challengeId", "")
    if not ID.fullmatch(challenge_id):
        return see("web.assessment.assessment", assessment_id=assessment_id)
    kind = request.form.get("type", "")
    values = _posted_values(kind)
    if request.form.get("action") == "skip":
        body: dict[str, Any] = {"challengeId": challenge_id, "skipped": True}
    else:
        value = _answer_value(kind, values)
        if value is None:
            return _again(assessment_id, challenge_id, values, t("error.emptyAnswer"), 422, empty=True)
        body = {"challengeId": challenge_id, "answer": value}
    result = api.authorized("POST", f"/api/assessments/{assessment_id}/answers", body)
    if result.status == 401:
        return session_expired()
    if result.code in ("NOT_CURRENT_CHALLENGE", "ASSESSMENT_COMPLETED"):  # a double submit, the back button
        return see("web.assessment.assessment", assessment_id=assessment_id)
    if not result.ok:
        return _again(assessment_id, challenge_id, values, api_message(result), error_status(result))
    view = result.body.get("assessment") if isinstance(result.body.get("assessment"), dict) else {}
    checkpoint = view.get("checkpoint")
    if isinstance(checkpoint, list) and checkpoint:
        competence = f"{view.get('competenceCode') or ''} {view.get('competenceTitle') or ''}".strip()
        sessions.update(checkpoint={"assessmentId": assessment_id, "items": checkpoint[:MAX_FIELDS],
                                    "completed": view.get("state") == "completed", "competence": competence})
        return see("web.assessment.checkpoint", assessment_id=assessment_id)
    return see("web.assessment.assessment", assessment_id=assessment_id)


def _again(assessment_id: str, challenge_id: str, values: Any, problem: str, status: int, empty: bool = False):
    """Back to the challenge's page (post/redirect/get), which shows the person's answer and
    the problem while that challenge is the current one."""
    refusal = {"challengeId": challenge_id, "values": values, "problems": [problem], "empty": empty}
    return pages_common.again("web.assessment.assessment", status, assessment_id=assessment_id, extra=refusal)


def _posted_values(kind: str) -> Any:
    """What the person entered, as the page shows it back: a list of chosen proposal
    numbers, a text, or field name → text."""
    if kind in CHOICE_TYPES:
        chosen = request.form.getlist("answer")[:MAX_PROPOSALS]
        numbers = {int(c) for c in chosen if c.isascii() and c.isdigit() and 0 < len(c) <= 3 and int(c) > 0}
        return [str(n) for n in sorted(numbers)]
    if kind in FIELDS_TYPES:
        names = [k for k in request.form if k.startswith(FIELD_PREFIX) and len(k) <= 100][:MAX_FIELDS]
        return {k[len(FIELD_PREFIX):]: request.form.get(k, "")[:MAX_LENGTH].strip() for k in names}
    return request.form.get("answer", "")[:MAX_LENGTH].strip()


def _answer_value(kind: str, values: Any) -> Any:
    """The answer in the API's shape, or None when there is nothing to send."""
    if kind == "QCU":
        return values[0] if len(values) == 1 else None
    if kind == "QCM":
        return values or None
    if kind == "QROC":
        return values or None
    if kind in FIELDS_TYPES:  # every field, as the real Pix asks: a blank one is a slip
        return values if values and all(values.values()) else None
    return None


@page(path={"assessment_id": is_id})
def checkpoint(assessment_id: str):
    kept = sessions.current().get("checkpoint")
    if not isinstance(kept, dict) or kept.get("assessmentId") != assessment_id:
        return see("web.assessment.assessment", assessment_id=assessment_id)
    sessions.update(checkpoint=None)  # shown once; the back button then leads to the current challenge
    items = [{"instruction": shorten(plain_text(str(item.get("instruction") or "")), RECAP_LENGTH),
              "status": _recap_status(item)} for item in kept.get("items") or [] if isinstance(item, dict)]
    return render_template("checkpoint.html", assessment_id=assessment_id, items=items,
                           completed=bool(kept.get("completed")), competence=str(kept.get("competence") or ""))


def _recap_status(item: dict[str, Any]) -> str:
    status = item.get("status")
    if item.get("correct") is True or status == "ok":
        return "ok"
    return status if status in ("aband", "timedout") else "ko"


# --- Files: the challenge's attachment, streamed from the service ----------------------

@page(path={"assessment_id": is_id, "challenge_id": is_id, "fmt": FORMATS.__contains__})
def attachment(assessment_id: str, challenge_id: str, fmt: str):
    # The person's assessment, and this file among its current challenge's: also refreshes the token.
    view = _view(assessment_id)
    if not view.ok:
        return refused(view)
    current = view.body.get("challenge") or {}
    offered = {a.get("format") for a in current.get("attachments") or [] if isinstance(a, dict)}
    if current.get("id") != challenge_id or fmt not in offered:
        return not_found()
    upstream = api.stream(f"/api/assessments/{assessment_id}/challenges/{challenge_id}/attachments/{fmt}")
    if upstream is None:
        return error_page(t("error.unavailable"), 503)
    if upstream.status_code != 200:
        upstream.close()
        return not_found() if upstream.status_code == 404 else refused(api.Answer(upstream.status_code))
    headers = {name: upstream.headers[name] for name in FILE_HEADERS if name in upstream.headers}
    if "Content-Encoding" in upstream.headers:  # the body is decoded below: its length would be wrong
        headers.pop("Content-Length", None)
    response = Response(upstream.stream(FILE_CHUNK, decode=True), status=200, headers=headers, direct_passthrough=True)
    response.call_on_close(upstream.close)
    return response


def blueprint() -> Blueprint:
    bp = Blueprint("assessment", __name__)
    bp.add_url_rule("/evaluation/<assessment_id>", "assessment", assessment, methods=["GET"])
    bp.add_url_rule("/evaluation/<assessment_id>/reponse", "answer", answer, methods=["POST"])
    bp.add_url_rule("/evaluation/<assessment_id>/bilan", "checkpoint", checkpoint, methods=["GET"])
    bp.add_url_rule("/evaluation/<assessment_id>/fichier/<challenge_id>/<fmt>", "attachment", attachment,
                    methods=["GET"])
    return bp
