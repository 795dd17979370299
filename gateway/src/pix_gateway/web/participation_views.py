"""A person's side of a campaign (docs/domain.md §7): the code (/campagnes: "Veuillez saisir
un code.", "Votre code est erroné…"), the campaign's page (its organization, the student
number for SUP), joining; then the participation's page (/campagnes/parcours/<id>), which
follows sharing's status: for an ASSESSMENT, the test itself — assessment's pages, whose
assessment id is the participation id — with "Préparation de votre parcours…" until
assessment has started it (it reacts to the participation's event), the result (mastery
overall and per competence), "J'envoie mes résultats", a retry when the campaign allows it;
for a PROFILES_COLLECTION, the consent and "J'envoie mon profil", as the share flow.

The blueprint is nested in `web`: endpoints `web.participations.*`."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, render_template, request

from . import api, framework
from .campaign_views import CAMPAIGNS_PATH, KINDS
from .codes import campaign_code, is_code
from .forms import Form, api_message
from .i18n import t
from .pages_common import again, as_int, error_page, error_status, is_id, kept, page, refused_here, see
from .share_views import profile_shown
from .wording import on, when

PARTICIPATIONS_PATH = f"{CAMPAIGNS_PATH}/participations"
REFRESH_S = 2  # the preparation page's reload (static/pix.js): the test is usually there within a second
CODE_ERRORS = ("CAMPAIGN_CODE_EMPTY", "CAMPAIGN_CODE_UNKNOWN")
NOTICES = {"sent": "participation.sent"}


@page()
def enter():
    if request.method == "GET":
        shown = kept()
        mine = api.authorized("GET", PARTICIPATIONS_PATH)
        listed = mine.body.get("participations") if mine.ok else None
        participations = [{"id": str(p["participationId"]), "title": str(p.get("title") or ""),
                           "status": p.get("status") if p.get("status") in STATUS_KEYS else "",
                           "organization": _organization_name(p.get("organization"))}
                          for p in listed or [] if isinstance(p, dict) and isinstance(p.get("participationId"), str)
                          and is_id(p["participationId"])]
        return render_template("campaign_code.html", form=shown.form("code"),
                               participations=participations), shown.status
    form = Form.read("campaignCode")
    code = campaign_code(form.values["campaignCode"])
    if form.valid and not code:
        form.add("campaignCode", t("participation.error.empty"))
    elif form.valid and not is_code(code):
        form.add("campaignCode", t("participation.error.unknown"))
    if not form.valid:
        return again("web.participations.enter", 422, {"code": form})
    found = api.authorized("GET", f"{CAMPAIGNS_PATH}/by-code/{quote(code)}")
    if found.status == 401:
        return refused_here(found)
    if not found.ok:
        form.add("campaignCode", api_message(found))
        return again("web.participations.enter", error_status(found), {"code": form})
    return see("web.participations.join", code=code)


STATUS_KEYS = ("STARTED", "TO_SHARE", "SHARED")


def _organization_name(raw: Any) -> str:
    return str(raw.get("displayName") or "") if isinstance(raw, dict) else ""


@page(path={"code": is_code})
def join(code: str):
    found = api.authorized("GET", f"{CAMPAIGNS_PATH}/by-code/{quote(code)}")
    if found.status == 401:
        return refused_here(found)
    if not found.ok:
        form = Form({"campaignCode": code})
        form.add("campaignCode", api_message(found))
        return again("web.participations.enter", error_status(found), {"code": form})
    shown = kept()
    body = found.body
    kind = body.get("kind") if body.get("kind") in KINDS else ""
    return render_template("campaign_join.html", code=code, form=shown.form("join"), kind=kind,
                           title=str(body.get("title") or ""),
                           organization=_organization_name(body.get("organization")),
                           student_number=bool(body.get("studentNumberRequired"))), shown.status


@page(path={"code": is_code})
def start(code: str):
    form = Form.read("studentNumber")
    if not form.valid:
        return again("web.participations.join", 422, {"join": form}, code=code)
    body = {"campaignCode": code, **({"studentNumber": form.values["studentNumber"]}
                                     if form.values["studentNumber"] else {})}
    answer = api.authorized("POST", PARTICIPATIONS_PATH, body)
    if answer.status == 401:
        return refused_here(answer)
    if not answer.ok:
        if answer.code in CODE_ERRORS:
            first = Form({"campaignCode": code})
            first.add("campaignCode", api_message(answer))
            return again("web.participations.enter", error_status(answer), {"code": first})
        if answer.code == "STUDENT_NUMBER_REQUIRED":
            form.add("studentNumber", api_message(answer))
        else:
            form.summary.append(api_message(answer))
        return again("web.participations.join", error_status(answer), {"join": form}, code=code)
    return _to_participation(answer)


def _to_participation(answer: api.Answer):
    participation_id = answer.body.get("participationId")
    if not isinstance(participation_id, str) or not is_id(participation_id):
        return see("web.participations.enter")
    return see("web.participations.participation", participation_id=participation_id)


@page(login=False, path={"code": is_code})
def back_to_join(code: str):
    return see("web.participations.join", code=code)


def _result(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    titles = framework.competence_titles()
    competences = [{"code": str(c.get("code") or ""), "title": titles.get(str(c.get("code")), ""),
                    "validated": as_int(c.get("validated")), "total": as_int(c.get("total")),
                    "mastery": min(max(as_int(c.get("masteryRate")), 0), 100)}
                   for c in raw.get("competences") or [] if isinstance(c, dict)]
    return {"mastery": min(max(as_int(raw.get("masteryRate")), 0), 100),
            "validated": as_int(raw.get("validatedSkills")),
            "target": as_int(raw.get("targetSkills")), "competences": competences}


@page(path={"participation_id": is_id})
def participation(participation_id: str):
    answer = api.authorized("GET", f"{PARTICIPATIONS_PATH}/{participation_id}")
    if not answer.ok:
        return refused_here(answer)
    body = answer.body
    kind, status = body.get("kind"), body.get("status")
    if kind not in KINDS or status not in STATUS_KEYS:
        return error_page(t("error.unexpected"), 503)
    shown = kept()
    view = {"id": participation_id, "title": str(body.get("title") or ""), "kind": kind, "status": status,
            "organization": _organization_name(body.get("organization")), "sharedOn": on(body.get("sharedAt")),
            "canRetry": bool(body.get("canRetry")), "retryAt": when(body.get("retryAt")),
            "result": _result(body.get("result")), "attempt": as_int(body.get("attempt"))}
    if kind == "ASSESSMENT" and status == "STARTED":
        test = api.authorized("GET", f"/api/assessments/{participation_id}")
        if test.status == 404 or (test.ok and test.body.get("state") == "completed"):
            # not started yet, or ended and its result not yet with sharing: wait a moment
            return render_template("campaign_wait.html", view=view, refresh=REFRESH_S, done=test.ok,
                                   form=shown.form("send")), shown.status
        if not test.ok:
            return refused_here(test)
        return see("web.assessment.assessment", assessment_id=participation_id)
    # A profile collection's consent shows what sending sends: sharing's own copy of the profile.
    profile = profile_shown(body.get("profile")) if kind == "PROFILES_COLLECTION" and status != "SHARED" else None
    key = NOTICES.get(request.args.get("info", ""))
    return render_template("campaign_participation.html", view=view, profile=profile, form=shown.form("send"),
                           notice=t(key) if key else None), shown.status


@page(path={"participation_id": is_id})
def send(participation_id: str):
    answer = api.authorized("POST", f"{PARTICIPATIONS_PATH}/{participation_id}/share")
    return _after(answer, participation_id, info="sent")


@page(path={"participation_id": is_id})
def retry(participation_id: str):
    answer = api.authorized("POST", f"{PARTICIPATIONS_PATH}/{participation_id}/retry")
    if answer.ok:
        return _to_participation(answer)
    return _after(answer, participation_id)


def _after(answer: api.Answer, participation_id: str, info: str | None = None):
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    if not answer.ok:
        form = Form()
        form.summary.append(api_message(answer))
        return again("web.participations.participation", error_status(answer), {"send": form},
                     participation_id=participation_id)
    return see("web.participations.participation", participation_id=participation_id, info=info)


@page(login=False, path={"participation_id": is_id})
def back_to_participation(participation_id: str):
    return see("web.participations.participation", participation_id=participation_id)


def blueprint() -> Blueprint:
    bp = Blueprint("participations", __name__)
    bp.add_url_rule("/campagnes", "enter", enter, methods=["GET", "POST"])
    bp.add_url_rule("/campagnes/<code>", "join", join, methods=["GET"])
    bp.add_url_rule("/campagnes/<code>/participation", "start", start, methods=["POST"])
    bp.add_url_rule("/campagnes/<code>/participation", "start_form", back_to_join, methods=["GET"])
    bp.add_url_rule("/campagnes/parcours/<participation_id>", "participation", participation, methods=["GET"])
    bp.add_url_rule("/campagnes/parcours/<participation_id>/envoi", "send", send, methods=["POST"])
    bp.add_url_rule("/campagnes/parcours/<participation_id>/nouvel-essai", "retry", retry, methods=["POST"])
    bp.add_url_rule("/campagnes/parcours/<participation_id>/envoi", "send_form", back_to_participation,
                    methods=["GET"])
    bp.add_url_rule("/campagnes/parcours/<participation_id>/nouvel-essai", "retry_form", back_to_participation,
                    methods=["GET"])
    return bp
