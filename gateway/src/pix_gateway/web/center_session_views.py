"""A certification session's page, for its center's members (docs/domain.md §6):
/sessions-de-certification/<id> shows its details (editable while the session is created),
its access code and invigilator password, its candidate list, the forms that add one (every
field of domain/candidates.py's COLUMNS, camelCase on the wire as sessions_api CANDIDATE_KEYS),
remove one, import a spreadsheet (a plain multipart form: the page reads the file and sends it
as base64; a refusal lists every bad line in words) and the templates to start from, then the
finalization (examiner's comment, absent candidates, incidents); once finalized, edits are closed.

Certification answers a session of another center as one that does not exist (404). The
blueprint is nested in `web`: endpoints `web.center_sessions.*`."""
from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, render_template, request

from . import api, downloads
from .center_views import SESSION_FIELDS, SESSION_STATUSES, absorb_session, read_session_form, session_body
from .forms import Form, api_message
from .i18n import t
from .pages_common import again, error_status, is_id, kept, page, refused_here, see
from .public_certification_views import CERTIFICATION, a_day

SESSIONS = f"{CERTIFICATION}/sessions"
# domain/candidates.py's COLUMNS, in the templates' order: (wire name, required)
CANDIDATE_KEYS = (("lastName", True), ("firstName", True), ("sex", True), ("birthDate", True), ("birthCity", True),
                  ("birthPostalCode", False), ("birthCountry", True), ("email", True),
                  ("resultRecipientEmail", False), ("externalId", False), ("extraTimePercentage", False),
                  ("billingMode", True), ("prepaymentCode", False), ("accessibilityNeeds", False))
SEXES = ("M", "F")
BILLING_MODES = ("free", "paid", "prepaid")
PROBLEM_CODES = ("REQUIRED", "TOO_LONG", "INVALID_FORMAT", "NOT_A_DATE", "OUT_OF_RANGE", "UNKNOWN_VALUE",
                 "NOT_EXPECTED", "DUPLICATE", "ALREADY_LISTED", "MISSING_COLUMN", "DUPLICATE_COLUMN")
EXAM_STATES = ("waiting", "authorized", "started", "ended", "finished")
TEMPLATE_FORMATS = ("xlsx", "ods")
MAX_FILE_BYTES = 2 * 1024 * 1024  # certification's adapters/candidate_sheets.py MAX_FILE_BYTES
MAX_PROBLEMS = 1000  # a list holds at most 1000 candidates: every line's problems are kept to be shown
COMMENT_MAX = 2000
IN_CHALLENGE = ("image_not_displaying", "file_not_opening", "site_blocked", "extra_time_exceeded",
                "unintentional_focus_out", "accessibility")
INCIDENT_CATEGORIES = ("candidate_information_change", "signature_issue", *IN_CHALLENGE, "fraud", "non_blocking")
INCIDENT_ROWS, MORE_ROWS, MAX_ROWS = 3, 5, 50
NOTICES = {"created": "sessionPage.created", "saved": "sessionPage.saved", "added": "sessionPage.added",
           "removed": "sessionPage.removed", "imported": "sessionPage.imported",
           "finalized": "sessionPage.finalized"}


def form_name(key: str) -> str:
    """A candidate field's name in the form: "candidate" + its wire name."""
    return f"candidate{key[0].upper()}{key[1:]}"


def wire_key(field: str) -> str:
    """A problem's field (the domain's snake_case, or already camelCase) as its wire name."""
    head, *rest = field.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def problem_sentence(problem: dict[str, Any]) -> str:
    code = problem.get("code")
    return t(f"candidateProblem.{code}") if code in PROBLEM_CODES else t("candidateProblem.other")


def field_label(field: Any) -> str:
    key = wire_key(field) if isinstance(field, str) else ""
    return t(f"field.{form_name(key)}") if key in dict(CANDIDATE_KEYS) else str(field or "")


def _is_rows(value: str) -> bool:
    return value.isdigit() and 0 < int(value) <= MAX_ROWS


@page(path={"session_id": is_id}, query={"info": NOTICES.__contains__, "signalements": _is_rows})
def session(session_id: str):
    answer = api.authorized("GET", f"{SESSIONS}/{session_id}")
    if not answer.ok:
        return refused_here(answer)
    shown = kept()
    body = answer.body
    status = body.get("status") if body.get("status") in SESSION_STATUSES else ""
    candidates = [candidate_row(c) for c in body.get("candidates") or [] if isinstance(c, dict)]
    candidates = [c for c in candidates if c["id"]]
    details = shown.forms.get("details") or Form({name: str(body.get(wire) or "")
                                                  for name, wire in SESSION_FIELDS.items()})
    rows = int(request.args.get("signalements", INCIDENT_ROWS))
    problems = [{"line": p.get("line"), "field": field_label(p.get("field")), "text": problem_sentence(p),
                 "first": p.get("first_line") or p.get("firstLine")}
                for p in shown.extra.get("problems") or [] if isinstance(p, dict)]
    center_id = body.get("centerId")
    key = NOTICES.get(request.args.get("info", ""))
    return render_template(
        "center_session.html", session_id=session_id, status=status, editable=status == "created",
        center_id=center_id if isinstance(center_id, str) and is_id(center_id) else None,
        date=a_day(body.get("date")), time=str(body.get("time") or ""),
        access_code=str(body.get("accessCode") or ""), password=str(body.get("invigilatorPassword") or ""),
        examiner_comment=str(body.get("examinerComment") or ""), created=request.args.get("info") == "created",
        details=details, candidates=candidates, candidate=shown.form("candidate"), keys=CANDIDATE_KEYS,
        form_name=form_name, sexes=SEXES, billing_modes=BILLING_MODES, upload=shown.form("upload"),
        problems=problems, finalization=shown.form("finalization"), categories=INCIDENT_CATEGORIES,
        in_challenge=IN_CHALLENGE, rows=range(1, rows + 1), more_rows=min(rows + MORE_ROWS, MAX_ROWS),
        formats=TEMPLATE_FORMATS, comment_max=COMMENT_MAX, description_max=COMMENT_MAX,
        notice=t(key) if key else None), shown.status


def candidate_row(raw: dict[str, Any]) -> dict[str, Any]:
    candidate_id, exam = raw.get("id"), raw.get("exam")
    if raw.get("absent") is True:
        state = "absent"
    elif exam in EXAM_STATES:
        state = exam
    else:
        state = "waiting" if raw.get("joined") is True else "notJoined"
    extra = raw.get("extraTimePercentage")
    return {"id": candidate_id if isinstance(candidate_id, str) and is_id(candidate_id) else None,
            "lastName": str(raw.get("lastName") or ""), "firstName": str(raw.get("firstName") or ""),
            "birthDate": a_day(raw.get("birthDate")),
            "extraTime": extra if isinstance(extra, int) and not isinstance(extra, bool) and extra > 0 else None,
            "state": state}


@page(path={"session_id": is_id})
def update(session_id: str):
    form = read_session_form()
    if not form.valid:
        return again("web.center_sessions.session", 422, {"details": form}, session_id=session_id)
    answer = api.authorized("PATCH", f"{SESSIONS}/{session_id}", session_body(form))
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    if not answer.ok:
        absorb_session(form, answer)
        return again("web.center_sessions.session", error_status(answer), {"details": form}, session_id=session_id)
    return see("web.center_sessions.session", session_id=session_id, info="saved")


@page(path={"session_id": is_id})
def add_candidate(session_id: str):
    names = {key: form_name(key) for key, _ in CANDIDATE_KEYS}
    form = Form.read(*names.values())
    if not form.valid:
        return again("web.center_sessions.session", 422, {"candidate": form}, session_id=session_id)
    answer = api.authorized("POST", f"{SESSIONS}/{session_id}/candidates",
                            {key: form.values[name] or None for key, name in names.items()})
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    if not answer.ok:
        placed = False
        for problem in _problems(answer):
            key = wire_key(str(problem.get("field") or ""))
            if key in names:
                form.add(names[key], problem_sentence(problem))
                placed = True
        if not placed:
            form.summary.append(api_message(answer))
        return again("web.center_sessions.session", error_status(answer), {"candidate": form}, session_id=session_id)
    return see("web.center_sessions.session", session_id=session_id, info="added")


def _problems(answer: api.Answer) -> list[dict[str, Any]]:
    details = answer.body.get("details") if isinstance(answer.body, dict) else None
    problems = details.get("problems") if isinstance(details, dict) else None
    return [p for p in problems if isinstance(p, dict)][:MAX_PROBLEMS] if isinstance(problems, list) else []


@page(path={"session_id": is_id, "candidate_id": is_id})
def remove_candidate(session_id: str, candidate_id: str):
    answer = api.authorized("DELETE", f"{SESSIONS}/{session_id}/candidates/{candidate_id}")
    if answer.status in (401, 403) or (answer.status == 404 and answer.code == "SESSION_NOT_FOUND"):
        return refused_here(answer)
    if not answer.ok:
        form = Form()
        form.summary.append(api_message(answer))
        return again("web.center_sessions.session", error_status(answer), {"candidate": form}, session_id=session_id)
    return see("web.center_sessions.session", session_id=session_id, info="removed")


@page(path={"session_id": is_id})
def import_candidates(session_id: str):
    form = Form()
    sent = request.files.get("candidatesFile")
    content = sent.stream.read(MAX_FILE_BYTES + 1) if sent is not None and sent.filename else b""
    if sent is None or not sent.filename or not content:
        form.add("candidatesFile", t("sessionPage.import.choose"))
    elif len(content) > MAX_FILE_BYTES:
        form.add("candidatesFile", t("sessionPage.import.tooLarge"))
    if not form.valid:
        return again("web.center_sessions.session", 422, {"upload": form}, session_id=session_id)
    name = sent.filename.replace("\\", "/").rsplit("/", 1)[-1][:255] or "liste"
    answer = api.authorized("POST", f"{SESSIONS}/{session_id}/candidates/import",
                            {"fileName": name, "content": base64.b64encode(content).decode("ascii")})
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    if not answer.ok:
        problems = _problems(answer)
        form.add("candidatesFile", api_message(answer))
        return again("web.center_sessions.session", error_status(answer), {"upload": form},
                     {"problems": [{k: p.get(k) for k in ("line", "field", "code", "first_line")} for p in problems]},
                     session_id=session_id)
    return see("web.center_sessions.session", session_id=session_id, info="imported")


@page(path={"session_id": is_id})
def finalize(session_id: str):
    comment = request.form.get("examinerComment", "")[:COMMENT_MAX + 1].strip()
    form = Form({"examinerComment": comment})
    if len(comment) > COMMENT_MAX:
        form.add("examinerComment", t("centerRequest.error.TOO_LONG"))
    absent = [c for c in request.form.getlist("absent") if is_id(c)][:1000]
    for candidate_id in absent:
        form.values[f"absent-{candidate_id}"] = "on"
    incidents = []
    for row in range(1, MAX_ROWS + 1):
        candidate_id = request.form.get(f"finalCandidate-{row}", "").strip()
        category = request.form.get(f"finalCategory-{row}", "").strip()
        challenge_id = request.form.get(f"finalChallenge-{row}", "").strip()[:64]
        form.values.update({f"finalCandidate-{row}": candidate_id, f"finalCategory-{row}": category,
                            f"finalChallenge-{row}": challenge_id})
        if not (candidate_id or category or challenge_id):
            continue
        if not is_id(candidate_id):
            form.add(f"finalCandidate-{row}", t("sessionPage.incident.candidateRequired"))
        if category not in INCIDENT_CATEGORIES:
            form.add(f"finalCategory-{row}", t("sessionPage.incident.categoryRequired"))
        elif category in IN_CHALLENGE and not challenge_id:
            form.add(f"finalChallenge-{row}", t("sessionPage.incident.challengeRequired"))
        incidents.append({"candidateId": candidate_id, "category": category, "challengeId": challenge_id or None})
    if not form.valid:
        return again("web.center_sessions.session", 422, {"finalization": form}, session_id=session_id)
    answer = api.authorized("POST", f"{SESSIONS}/{session_id}/finalization",
                            {"examinerComment": comment, "absentCandidateIds": absent, "incidents": incidents})
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    if not answer.ok:
        form.absorb(answer, ("examinerComment",))
        return again("web.center_sessions.session", error_status(answer), {"finalization": form},
                     session_id=session_id)
    return see("web.center_sessions.session", session_id=session_id, info="finalized")


@page(path={"fmt": TEMPLATE_FORMATS.__contains__})
def candidate_template(fmt: str):
    head = api.authorized("GET", f"{CERTIFICATION}/me/centers")  # refreshes the token; a refusal is a page
    if not head.ok:
        return refused_here(head)
    return downloads.passthrough(f"{CERTIFICATION}/candidate-templates/{fmt}")


def blueprint() -> Blueprint:
    bp = Blueprint("center_sessions", __name__)
    bp.add_url_rule("/sessions-de-certification/modele-de-liste.<fmt>", "candidate_template", candidate_template,
                    methods=["GET"])
    bp.add_url_rule("/sessions-de-certification/<session_id>", "session", session, methods=["GET"])
    bp.add_url_rule("/sessions-de-certification/<session_id>/informations", "update", update, methods=["POST"])
    bp.add_url_rule("/sessions-de-certification/<session_id>/candidats", "add_candidate", add_candidate,
                    methods=["POST"])
    bp.add_url_rule("/sessions-de-certification/<session_id>/candidats/<candidate_id>/retrait", "remove_candidate",
                    remove_candidate, methods=["POST"])
    bp.add_url_rule("/sessions-de-certification/<session_id>/import", "import_candidates", import_candidates,
                    methods=["POST"])
    bp.add_url_rule("/sessions-de-certification/<session_id>/finalisation", "finalize", finalize, methods=["POST"])
    return bp
