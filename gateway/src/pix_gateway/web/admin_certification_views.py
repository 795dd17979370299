"""The platform's certification administration, /admin/certification, for the CERTIF role:
the pending accreditation requests with their contact, each accredited or declined (with a
reason), and the sessions finalized and processed, each published.

Certification decides: it checks the caller's token and role on every call. The page reads
the person's roles from identity's `GET /api/users/me` to choose what it shows (as
admin_views does for SUPER_ADMIN), and keeps them in the session, where the navigation and
the admin page look for CERTIF (`certification_admin`, a context value this blueprint adds).
The blueprint is nested in `web`: endpoints `web.admin_certification.*`."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from . import api, sessions
from .forms import Form, api_message
from .i18n import t
from .pages_common import again, as_int, error_page, error_status, is_id, kept, page, refused, see
from .public_certification_views import CENTER_TYPES, CERTIFICATION, MESSAGE_MAX, a_day
from .wording import on

ROLE = "CERTIF"
DECISIONS = ("ACCREDITED", "DECLINED")
NOTICES = {"accredited": "adminCertification.accredited", "declined": "adminCertification.declined",
           "published": "adminCertification.published"}


def certification_admin(record: dict[str, Any] | None) -> bool:
    """Whether the navigation shows the certification's administration, by the roles the session keeps."""
    return bool(record) and ROLE in sessions.roles_of(record.get("roles"))


def _stop(answer: api.Answer):
    return error_page(t("adminCertification.forbidden"), 403) if answer.status == 403 else refused(answer)


@page(query={"info": NOTICES.__contains__})
def requests():
    me = api.authorized("GET", "/api/users/me")
    if not me.ok:
        return refused(me)
    mine = sessions.roles_of(me.body.get("roles"))
    if sessions.current().get("roles") != mine:
        sessions.update(roles=mine)
    if ROLE not in mine:
        return error_page(t("adminCertification.forbidden"), 403)
    pending = api.authorized("GET", f"{CERTIFICATION}/accreditation-requests")
    if not pending.ok:
        return _stop(pending)
    awaiting = api.authorized("GET", f"{CERTIFICATION}/admin/sessions")
    if not awaiting.ok:
        return _stop(awaiting)
    shown = kept()
    decided = shown.extra.get("request") if isinstance(shown.extra.get("request"), str) else None
    key = NOTICES.get(request.args.get("info", ""))
    return render_template(
        "admin_certification.html",
        requests=[r for r in (_request(r) for r in pending.body.get("requests") or [] if isinstance(r, dict))
                  if r["id"]],
        sessions=[s for s in (_session(s) for s in awaiting.body.get("sessions") or [] if isinstance(s, dict))
                  if s["id"]],
        decision=shown.form("decision"), decided=decided, publication=shown.form("publication"),
        reason_max=MESSAGE_MAX, notice=t(key) if key else None), shown.status


def _request(raw: dict[str, Any]) -> dict[str, Any]:
    request_id, kind = raw.get("id"), raw.get("institutionType")
    return {"id": request_id if isinstance(request_id, str) and is_id(request_id) else None,
            "name": str(raw.get("institutionName") or ""), "type": kind if kind in CENTER_TYPES else "",
            "address": str(raw.get("address") or ""), "on": on(raw.get("requestedAt")) or "",
            "contact": " · ".join(str(raw.get(k)) for k in ("contactName", "contactEmail", "phone") if raw.get(k)),
            "message": str(raw.get("message") or "")}


def _session(raw: dict[str, Any]) -> dict[str, Any]:
    session_id = raw.get("id")
    return {"id": session_id if isinstance(session_id, str) and is_id(session_id) else None,
            "center": str(raw.get("centerName") or ""), "date": a_day(raw.get("date")),
            "time": str(raw.get("time") or ""),
            "place": " — ".join(str(raw.get(k)) for k in ("address", "room") if raw.get(k)),
            "candidates": as_int(raw.get("candidates"))}


@page(path={"request_id": is_id})
def decide(request_id: str):
    decision = request.form.get("decision", "")
    reason = request.form.get("reason", "")[:MESSAGE_MAX + 1].strip()
    form = Form({"reason": reason})
    if decision not in DECISIONS:
        form.summary.append(t("error.unexpected"))
    elif decision == "DECLINED" and not reason:
        form.add("reason", t("adminCertification.reasonRequired"))
    elif len(reason) > MESSAGE_MAX:
        form.add("reason", t("centerRequest.error.TOO_LONG"))
    if not form.valid:
        return again("web.admin_certification.requests", 422, {"decision": form}, {"request": request_id})
    answer = api.authorized("PUT", f"{CERTIFICATION}/accreditation-requests/{request_id}/decision",
                            {"decision": decision, "reason": reason})
    if answer.status in (401, 403):
        return _stop(answer)
    if not answer.ok:
        fields = answer.body.get("details") if isinstance(answer.body.get("details"), dict) else {}
        if answer.code == "DECLINE_REASON_REQUIRED" or "reason" in fields:
            form.add("reason", api_message(answer))
        else:
            form.summary.append(api_message(answer))
        return again("web.admin_certification.requests", error_status(answer), {"decision": form},
                     {"request": request_id})
    return see("web.admin_certification.requests", info="accredited" if decision == "ACCREDITED" else "declined")


@page(path={"session_id": is_id})
def publish(session_id: str):
    answer = api.authorized("POST", f"{CERTIFICATION}/admin/sessions/{session_id}/publication")
    if answer.status in (401, 403):
        return _stop(answer)
    if not answer.ok:
        form = Form()
        form.summary.append(api_message(answer))
        return again("web.admin_certification.requests", error_status(answer), {"publication": form})
    return see("web.admin_certification.requests", info="published")


def blueprint() -> Blueprint:
    bp = Blueprint("admin_certification", __name__)
    bp.add_url_rule("/admin/certification", "requests", requests, methods=["GET"])
    bp.add_url_rule("/admin/certification/demandes/<request_id>/decision", "decide", decide, methods=["POST"])
    bp.add_url_rule("/admin/certification/sessions/<session_id>/publication", "publish", publish, methods=["POST"])

    @bp.app_context_processor
    def navigation() -> dict[str, bool]:
        return {"certification_admin": "web" in request.blueprints and certification_admin(sessions.current())}

    return bp
