"""A certification session (docs/domain.md §6, issue 13): the aggregate of stream
`session-<id>`. Pure rules: each takes the state and returns events, or raises a DomainError;
`evolve` folds one event into the state and never raises on a valid event.

Everything in the stream is published on certification's topic, so the stream holds neither
secrets nor personal data (docs/adr/0016): the access code is reserved beside it
(adapters/session_codes.py), the invigilator password is derived from a service secret
(`invigilator_password`), and each candidate's fields wait in the
candidate vault (adapters/candidate_vault.py), which the rules that compare identities get as
`listed` (candidate id -> fields, wire names of domain/candidates.py, birth_date as ISO text).

State (a plain dict, the stream's snapshot): {session_id, center_id, status, details: {...},
candidates: {candidate id: {extra_time_percentage, billing_mode, user_id, exam, course_id,
positioned_levels (once started), resume, absent}}, alerts: [..], incidents: [..], examiner_comment}.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable, Mapping

from pixkit.errors import DomainError

from . import session_events as ev
from .candidates import folded_name
from .incidents import incident_report

CREATED, FINALIZED, IN_PROCESS, PUBLISHED = "created", "finalized", "in_process", "published"
WAITING, AUTHORIZED, STARTED, ENDED, FINISHED = "waiting", "authorized", "started", "ended", "finished"
DONE = frozenset({ENDED, FINISHED})
ALERT_KINDS = ("focus_lost", "challenge_problem")
DETAIL_FIELDS = ("address", "room", "examiner", "date", "time", "description")
# No I, O, 0, 1: a code read aloud or copied from a board is not mistyped.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 6
PASSWORD_LENGTH = 8
MAX_ATTEMPTS = 10


def session_stream(session_id: str) -> str:
    return f"session-{session_id}"


# ---- errors -------------------------------------------------------------------------------

class SessionNotFound(DomainError):
    code = "SESSION_NOT_FOUND"


class SessionNotEditable(DomainError):
    """Details and candidates change only while the session is `created`."""
    code = "SESSION_NOT_EDITABLE"


class SessionStatusInvalid(DomainError):
    """The step asked for does not follow the session's status (params: status)."""
    code = "SESSION_STATUS_INVALID"


class SessionDetailsInvalid(DomainError):
    code = "SESSION_DETAILS_INVALID"


class AccessCodeExhausted(DomainError):
    code = "ACCESS_CODE_EXHAUSTED"


class CandidateDuplicated(DomainError):
    """The same person twice: details["duplicates"] = [{index, same_as}] or [{index, candidate_id}]."""
    code = "CANDIDATE_DUPLICATED"


class CandidateIdTaken(DomainError):
    code = "CANDIDATE_ID_TAKEN"


class CandidateNotFound(DomainError):
    """No candidate of this session matches; which field was wrong is not told."""
    code = "CANDIDATE_NOT_FOUND"


class CandidateAlreadyLinked(DomainError):
    code = "CANDIDATE_ALREADY_LINKED"


class PersonAlreadyLinked(DomainError):
    """This person already joined the session as another candidate."""
    code = "PERSON_ALREADY_LINKED"


class CandidateNotAuthorized(DomainError):
    code = "CANDIDATE_NOT_AUTHORIZED"


class CandidateStateInvalid(DomainError):
    """The exam step does not follow the candidate's state (params: state)."""
    code = "CANDIDATE_STATE_INVALID"


class UnknownAlertKind(DomainError):
    code = "UNKNOWN_ALERT_KIND"


class AccessCodeUnknown(DomainError):
    """No session has the code typed (a candidate's or an invigilator's)."""
    code = "ACCESS_CODE_UNKNOWN"


class InvigilatorRefused(DomainError):
    """The access code and the invigilator password do not open a session together, or the
    invigilator's token is missing, forged, expired or for another session."""
    code = "INVIGILATOR_REFUSED"


class NotEligible(DomainError):
    """The candidate's profile has fewer than 5 competences at level 1 or more (params: missing)."""
    code = "NOT_ELIGIBLE"


class CandidatesUnaccounted(DomainError):
    """Finalization: details["candidate_ids"] neither finished nor marked absent."""
    code = "CANDIDATES_UNACCOUNTED"


# ---- codes and password -------------------------------------------------------------------

def generate_access_code(is_taken: Callable[[str], bool],
                         choice: Callable[[str], str] = secrets.choice,
                         max_attempts: int = MAX_ATTEMPTS) -> str:
    for _ in range(max_attempts):
        code = "".join(choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
        if not is_taken(code):
            return code
    raise AccessCodeExhausted(attempts=max_attempts)


def invigilator_password(secret: bytes, session_id: str) -> str:
    """The session's invigilator password, derived from certification's secret and the session
    id: the center's members read it at any time, a check derives it again, and nothing in the
    store or on the topic reveals it. 8 of 32 characters (40 bits), unbiased (256 = 8 × 32)."""
    digest = hmac.new(secret, f"invigilator:{session_id}".encode(), hashlib.sha256).digest()
    return "".join(ACCESS_CODE_ALPHABET[b % len(ACCESS_CODE_ALPHABET)] for b in digest[:PASSWORD_LENGTH])


def password_matches(secret: bytes, session_id: str, typed: str) -> bool:
    """Case and spaces as typed do not matter."""
    return hmac.compare_digest("".join(str(typed).split()).upper().encode(),
                               invigilator_password(secret, session_id).encode())


def normalize_access_code(typed: str) -> str:
    return "".join(str(typed).split()).upper()


# ---- identity -----------------------------------------------------------------------------

def identity(last_name: str, first_name: str, birth_date: str) -> tuple[str, str, str]:
    return (folded_name(last_name), folded_name(first_name), str(birth_date).strip())


def _identity_of(fields: Mapping) -> tuple[str, str, str]:
    return identity(fields["last_name"], fields["first_name"], fields["birth_date"])


# ---- rules --------------------------------------------------------------------------------

def create_session(*, session_id: str, center_id: str, details: Mapping[str, str], created_by: str,
                   created_at: str) -> list:
    """The access code and the password are the caller's to keep beside the stream."""
    return [ev.SessionCreated(session_id=session_id, center_id=center_id, **_details(details),
                              created_by=created_by, created_at=created_at)]


def update_details(state: dict, details: Mapping[str, str], *, updated_by: str) -> list:
    require_editable(state)
    checked = _details(details)
    if checked == state["details"]:
        return []  # nothing changed: no event
    return [ev.SessionDetailsUpdated(session_id=state["session_id"], **checked, updated_by=updated_by)]


def add_candidates(state: dict, candidates: Iterable[tuple[str, Mapping]], *, listed: Mapping[str, Mapping],
                   added_by: str) -> list:
    """(candidate id, fields) pairs, one or a whole import: all are added, or none. `listed`:
    the fields of the candidates already listed (the vault's; ids the state no longer has
    are ignored). The events carry what the exam needs, not who the candidates are."""
    require_editable(state)
    pairs = [(candidate_id, dict(fields)) for candidate_id, fields in candidates]
    listed = {_identity_of(fields): cid for cid, fields in listed.items() if cid in state["candidates"]}
    seen: dict[tuple, int] = {}
    duplicates = []
    for index, (candidate_id, fields) in enumerate(pairs):
        if candidate_id in state["candidates"]:
            raise CandidateIdTaken(candidate_id=candidate_id)
        key = _identity_of(fields)
        if key in listed:
            duplicates.append({"index": index, "candidate_id": listed[key]})
        elif key in seen:
            duplicates.append({"index": index, "same_as": seen[key]})
        else:
            seen[key] = index
    if duplicates:
        raise CandidateDuplicated({"duplicates": duplicates})
    if not pairs:
        return []
    return [ev.CandidatesAdded(session_id=state["session_id"], added_by=added_by,
                               candidates=tuple(_exam_terms(cid, f) for cid, f in pairs))]


def _exam_terms(candidate_id: str, fields: Mapping) -> dict:
    return {"candidate_id": candidate_id, "extra_time_percentage": int(fields.get("extra_time_percentage") or 0),
            "billing_mode": fields.get("billing_mode") or "free"}


def remove_candidate(state: dict, candidate_id: str, *, removed_by: str) -> list:
    require_editable(state)
    _candidate(state, candidate_id)
    return [ev.CandidateRemoved(session_id=state["session_id"], candidate_id=candidate_id, removed_by=removed_by)]


def join(state: dict, *, user_id: str, last_name: str, first_name: str, birth_date: str,
         listed: Mapping[str, Mapping]) -> list:
    """A person who typed the access code says who they are; the list (`listed`, the vault's
    fields by candidate id) says which candidate."""
    if state["status"] != CREATED:
        raise SessionStatusInvalid(status=state["status"])
    match = matching_candidate(state, listed, last_name=last_name, first_name=first_name, birth_date=birth_date)
    if match is None:
        raise CandidateNotFound()
    linked = state["candidates"][match]["user_id"]
    if linked == user_id:
        return []  # joining again: already done
    if linked is not None:
        raise CandidateAlreadyLinked()
    if any(c["user_id"] == user_id for c in state["candidates"].values()):
        raise PersonAlreadyLinked()
    return [ev.CandidateJoined(session_id=state["session_id"], candidate_id=match, user_id=user_id)]


def matching_candidate(state: dict, listed: Mapping[str, Mapping], *, last_name: str, first_name: str,
                       birth_date: str) -> str | None:
    """The listed candidate with that identity (case, accents and spaces ignored), if any."""
    key = identity(last_name, first_name, birth_date)
    return next((cid for cid, fields in listed.items() if cid in state["candidates"] and _identity_of(fields) == key),
                None)


def authorize(state: dict, candidate_id: str) -> list:
    exam = _candidate(state, candidate_id)["exam"]
    if exam == AUTHORIZED:
        return []
    if exam != WAITING:
        raise CandidateStateInvalid(state=exam)
    return [ev.CandidateAuthorized(session_id=state["session_id"], candidate_id=candidate_id)]


def authorize_resume(state: dict, candidate_id: str) -> list:
    """After an interruption, the invigilator lets a started candidate go on."""
    exam = _candidate(state, candidate_id)["exam"]
    if exam != STARTED:
        raise CandidateStateInvalid(state=exam)
    return [ev.CandidateAuthorized(session_id=state["session_id"], candidate_id=candidate_id, resume=True)]


def start_course(state: dict, candidate_id: str, course_id: str, *, positioned_levels: Mapping[str, int],
                 seed: str, started_at: str) -> list:
    """The authorized candidate starts, or resumes with the same course (assessment ignores
    a course it already composed). `positioned_levels`: competence code -> level, from
    certification's copy of ProfileUpdated, the certifiable ones only (level >= 1)."""
    candidate = _candidate(state, candidate_id)
    if candidate["exam"] == STARTED and candidate["course_id"] == course_id:
        return []
    if candidate["exam"] in DONE:
        raise CandidateStateInvalid(state=candidate["exam"])
    if candidate["exam"] != AUTHORIZED:
        raise CandidateNotAuthorized()
    levels = [{"competence_code": code, "level": int(level)}
              for code, level in sorted(positioned_levels.items()) if int(level) >= 1]
    return [ev.CertificationCourseStarted(
        session_id=state["session_id"], candidate_id=candidate_id, course_id=candidate["course_id"] or course_id,
        user_id=candidate["user_id"], extra_time_percentage=candidate["extra_time_percentage"],
        positioned_levels=tuple(levels), seed=seed, started_at=started_at)]


def end_test(state: dict, candidate_id: str) -> list:
    """The invigilator ends a candidate's test."""
    exam = _candidate(state, candidate_id)["exam"]
    if exam in DONE:
        return []
    if exam not in (STARTED, AUTHORIZED):
        raise CandidateStateInvalid(state=exam)
    return [ev.CandidateTestEnded(session_id=state["session_id"], candidate_id=candidate_id)]


def finish_test(state: dict, candidate_id: str) -> list:
    exam = _candidate(state, candidate_id)["exam"]
    if exam == FINISHED:
        return []
    if exam != STARTED:
        raise CandidateStateInvalid(state=exam)
    return [ev.CandidateTestFinished(session_id=state["session_id"], candidate_id=candidate_id)]


def raise_alert(state: dict, candidate_id: str, kind: str, *, raised_at: str,
                challenge_id: str | None = None) -> list:
    if kind not in ALERT_KINDS:
        raise UnknownAlertKind(kind=kind)
    exam = _candidate(state, candidate_id)["exam"]
    if exam != STARTED:
        raise CandidateStateInvalid(state=exam)
    return [ev.CandidateAlertRaised(session_id=state["session_id"], candidate_id=candidate_id, kind=kind,
                                    challenge_id=challenge_id, raised_at=raised_at)]


def alerts(state: dict) -> list[dict]:
    """The invigilator's live list."""
    return list(state["alerts"])


def record_incident(state: dict, candidate_id: str, category: str, challenge_id: str | None = None) -> list:
    if state["status"] != CREATED:
        raise SessionNotEditable()
    _candidate(state, candidate_id)
    report = incident_report(category, challenge_id)
    return [ev.IncidentRecorded(session_id=state["session_id"], candidate_id=candidate_id,
                                category=report.category, challenge_id=report.challenge_id)]


def finalize(state: dict, *, finalized_by: str, examiner_comment: str, absent_candidate_ids: Iterable[str],
             incidents: Iterable[tuple[str, str, str | None]] = (), finalized_at: str) -> list:
    """Every candidate finished (or ended) or marked absent; incidents given as
    (candidate id, category, challenge id)."""
    if state["status"] != CREATED:
        raise SessionNotEditable()
    absent = tuple(dict.fromkeys(absent_candidate_ids))
    for candidate_id in absent:
        _candidate(state, candidate_id)
    unaccounted = [cid for cid, c in state["candidates"].items() if c["exam"] not in DONE and cid not in absent]
    if unaccounted:
        raise CandidatesUnaccounted({"candidate_ids": unaccounted})
    events = [e for incident in incidents for e in record_incident(state, *incident)]
    return events + [ev.SessionFinalized(session_id=state["session_id"], finalized_by=finalized_by,
                                         examiner_comment=examiner_comment, absent_candidate_ids=absent,
                                         finalized_at=finalized_at)]


def start_processing(state: dict) -> list:
    if state["status"] == IN_PROCESS:
        return []
    if state["status"] != FINALIZED:
        raise SessionStatusInvalid(status=state["status"])
    return [ev.SessionProcessingStarted(session_id=state["session_id"])]


def publish(state: dict, *, published_by: str, published_at: str) -> list:
    """By a platform admin (checked by the caller's role)."""
    if state["status"] == PUBLISHED:
        return []
    if state["status"] != IN_PROCESS:
        raise SessionStatusInvalid(status=state["status"])
    return [ev.SessionPublished(session_id=state["session_id"], published_by=published_by,
                                published_at=published_at)]


def candidate_of_course(state: dict, course_id: str) -> str | None:
    return next((cid for cid, c in state["candidates"].items() if c.get("course_id") == course_id), None)


def positioned_levels(entry: dict) -> dict[str, int]:
    """A started candidate's competence code -> positioned level."""
    return {p["competence_code"]: p["level"] for p in entry.get("positioned_levels") or ()}


def courses(state: dict) -> dict[str, str]:
    """candidate id -> course id, for the candidates who started (absent ones excluded)."""
    return {cid: c["course_id"] for cid, c in state["candidates"].items() if c.get("course_id") and not c["absent"]}


def incidents_of(state: dict, candidate_id: str) -> list:
    return [incident_report(i["category"], i["challenge_id"]) for i in state["incidents"]
            if i["candidate_id"] == candidate_id]


def result_visible(state: dict) -> bool:
    return state["status"] == PUBLISHED


# ---- the fold -----------------------------------------------------------------------------

def evolve(state: dict | None, envelope) -> dict | None:
    data, kind = envelope.data, envelope.type
    if kind == "SessionCreated":
        return {"session_id": data["session_id"], "center_id": data["center_id"], "status": CREATED,
                "details": {field: data[field] for field in DETAIL_FIELDS}, "candidates": {},
                "alerts": [], "incidents": [], "examiner_comment": None}
    if state is None:
        return None
    state = {**state, "candidates": dict(state["candidates"]), "alerts": list(state["alerts"]),
             "incidents": list(state["incidents"])}
    candidate_id = data.get("candidate_id")
    if kind == "SessionDetailsUpdated":
        state["details"] = {field: data[field] for field in DETAIL_FIELDS}
    elif kind == "CandidatesAdded":
        for entry in data["candidates"]:
            state["candidates"][entry["candidate_id"]] = {
                "extra_time_percentage": entry["extra_time_percentage"], "billing_mode": entry["billing_mode"],
                "user_id": None, "exam": None, "course_id": None, "resume": False, "absent": False}
    elif kind == "CandidateRemoved":
        state["candidates"].pop(candidate_id, None)
    elif kind == "SessionFinalized":
        state["status"], state["examiner_comment"] = FINALIZED, data["examiner_comment"]
        for absent in data["absent_candidate_ids"]:
            if absent in state["candidates"]:
                state["candidates"][absent] = {**state["candidates"][absent], "absent": True}
    elif kind == "SessionProcessingStarted":
        state["status"] = IN_PROCESS
    elif kind == "SessionPublished":
        state["status"] = PUBLISHED
    elif kind == "CandidateAlertRaised":
        state["alerts"].append({k: data[k] for k in ("candidate_id", "kind", "challenge_id", "raised_at")})
    elif kind == "IncidentRecorded":
        state["incidents"].append({k: data[k] for k in ("candidate_id", "category", "challenge_id")})
    elif candidate_id in state["candidates"]:
        state["candidates"][candidate_id] = {**state["candidates"][candidate_id], **_exam_change(kind, data)}
    return state


def _exam_change(kind: str, data: Mapping) -> dict:
    if kind == "CandidateJoined":
        return {"user_id": data["user_id"], "exam": WAITING}
    if kind == "CandidateAuthorized":
        return {"exam": AUTHORIZED, "resume": bool(data.get("resume"))}
    if kind == "CertificationCourseStarted":
        return {"exam": STARTED, "course_id": data["course_id"], "resume": False,
                "positioned_levels": [dict(p) for p in data["positioned_levels"]]}  # no dotted keys in a document
    if kind == "CandidateTestEnded":
        return {"exam": ENDED}
    if kind == "CandidateTestFinished":
        return {"exam": FINISHED}
    return {}


# ---- helpers ------------------------------------------------------------------------------

def require_editable(state: dict) -> None:
    if state["status"] != CREATED:
        raise SessionNotEditable(status=state["status"])


def _candidate(state: dict, candidate_id: str) -> dict:
    candidate = state["candidates"].get(candidate_id)
    if candidate is None:
        raise CandidateNotFound()
    return candidate


def _details(details: Mapping[str, str]) -> dict:
    missing = [field for field in DETAIL_FIELDS if field != "description" and not str(details.get(field) or "").strip()]
    if missing:
        raise SessionDetailsInvalid({"missing": missing})
    return {field: str(details.get(field) or "").strip() for field in DETAIL_FIELDS}
