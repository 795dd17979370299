"""Campaigns (docs/domain.md §7), for an organization's members: the list and the creation
form (a profile collection, or an assessment on target competences or tubes from
assessment's framework), a campaign's page with its code, participants and results, its
CSV and XLSX. The participant's side, from the code to the sent result, is
participation_views'.

The blueprint is nested in `web`: endpoints `web.campaigns.*`."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for

from . import api, downloads, framework, listing
from .forms import Form, checked
from .i18n import t
from .organization_views import ORGANIZATIONS_PATH, organization, organization_shown
from .pages_common import again, as_int, error_status, is_id, kept, not_found, page, refused_here, see
from .wording import on

KINDS = ("ASSESSMENT", "PROFILES_COLLECTION")
CAMPAIGNS_PATH = "/api/campaigns"
COMPETENCE = re.compile(r"[1-5]\.[1-4]")
TUBE = re.compile(r"[a-z]{1,40}")  # as the framework names them; the campaign's are "@" + name
MAX_TARGETS = 200
PAGE_SIZE = 50
STATUSES = ("STARTED", "TO_SHARE", "SHARED")
SORTS = frozenset({"lastName", "firstName", "studentNumber", "startedAt", "status", "sharedAt", "masteryRate"})
EXPORTS = ("csv", "xlsx")


def campaign_shown(body: dict[str, Any]) -> dict[str, Any]:
    kind = body.get("kind")
    return {"id": str(body.get("id") or ""), "title": str(body.get("title") or ""),
            "kind": kind if kind in KINDS else "", "code": str(body.get("code") or ""),
            "created": on(body.get("createdAt")) or "", "participants": as_int(body.get("participants")),
            "shared": as_int(body.get("shared")), "multiple": bool(body.get("multipleSendings")),
            "competences": [str(c) for c in body.get("targetCompetences") or [] if isinstance(c, str)],
            "tubes": [str(c) for c in body.get("targetTubes") or [] if isinstance(c, str)]}


@page(path={"org_id": is_id})
def campaigns(org_id: str):
    head = organization(org_id)
    if not head.ok:
        return refused_here(head)
    answer = api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}/campaigns")
    if not answer.ok:
        return refused_here(answer)
    listed = [campaign_shown(c) for c in answer.body.get("campaigns") or []
              if isinstance(c, dict) and isinstance(c.get("id"), str) and is_id(c["id"])]
    shown = kept()
    form = shown.form("create")
    chosen = {"competences": set(form.values.get("competences", "").split(",")),
              "tubes": set(form.values.get("tubes", "").split(","))}
    return render_template("campaigns.html", org=organization_shown(head.body, org_id), campaigns=listed,
                           form=form, areas=framework.areas(), chosen=chosen, kinds=KINDS), shown.status


@page(path={"org_id": is_id})
def create(org_id: str):
    form = Form.read("title", "kind").require("title")
    competences = [c for c in request.form.getlist("competences")[:MAX_TARGETS] if COMPETENCE.fullmatch(c)]
    tubes = [tube for tube in request.form.getlist("tubes")[:MAX_TARGETS] if TUBE.fullmatch(tube)]
    multiple = checked("multipleSendings")
    form.values.update(competences=",".join(competences), tubes=",".join(tubes),
                       multipleSendings="on" if multiple else "")
    if form.values["kind"] not in KINDS:
        form.add("kind", t("campaigns.error.kind"))
    elif form.values["kind"] == "ASSESSMENT" and not competences and not tubes:
        form.add("targets", t("campaigns.error.target"))
    if not form.valid:
        return again("web.campaigns.campaigns", 422, {"create": form}, org_id=org_id)
    assessment = form.values["kind"] == "ASSESSMENT"
    body = {"title": form.values["title"], "kind": form.values["kind"],
            "targetCompetences": competences if assessment else [],
            "targetTubes": [f"@{tube}" for tube in tubes] if assessment else [], "multipleSendings": multiple}
    answer = api.authorized("POST", f"{ORGANIZATIONS_PATH}/{org_id}/campaigns", body)
    if answer.status in (401, 403, 404):
        return refused_here(answer)
    if not answer.ok:
        form.absorb(answer, ("title", "kind"))
        return again("web.campaigns.campaigns", error_status(answer), {"create": form}, org_id=org_id)
    campaign_id = answer.body.get("id")
    if not isinstance(campaign_id, str) or not is_id(campaign_id):
        return see("web.campaigns.campaigns", org_id=org_id)
    return see("web.campaigns.campaign", org_id=org_id, campaign_id=campaign_id)


@page(login=False, path={"org_id": is_id})
def back_to_campaigns(org_id: str):
    return see("web.campaigns.campaigns", org_id=org_id)


def _campaign(org_id: str, campaign_id: str) -> api.Answer:
    """The campaign, as a 404 when it is not this organization's (its address says which)."""
    answer = api.authorized("GET", f"{CAMPAIGNS_PATH}/{campaign_id}")
    if answer.ok and answer.body.get("organizationId") != org_id:
        return api.Answer(404, {"code": "CAMPAIGN_NOT_FOUND"})
    return answer


def _is_sort(value: str) -> bool:
    return value in SORTS


@page(path={"org_id": is_id, "campaign_id": is_id},
      query={"tri": _is_sort, "ordre": listing.is_order, "page": listing.is_page_number, "nom": listing.is_name})
def campaign(org_id: str, campaign_id: str):
    head = organization(org_id)
    if not head.ok:
        return refused_here(head)
    found = _campaign(org_id, campaign_id)
    if found.status == 404:
        return not_found()
    if not found.ok:
        return refused_here(found)
    chosen = listing.asked(request.args, "lastName", "asc")
    query = {"sort": chosen["sort"], "order": chosen["order"], "page": chosen["page"], "size": PAGE_SIZE,
             **({"name": chosen["name"]} if chosen["name"] else {})}
    table = api.authorized("GET", f"{CAMPAIGNS_PATH}/{campaign_id}/participants?{urlencode(query)}")
    if not table.ok:
        return refused_here(table)
    org, shown = organization_shown(head.body, org_id), campaign_shown(found.body)
    rows = [_participant(r) for r in table.body.get("rows") or [] if isinstance(r, dict)]
    # each target competence's mastery, in the campaign's order, then any other a row holds
    codes = list(dict.fromkeys([*shown["competences"], *(code for r in rows for code in r["competences"])]))

    def link(**changes: Any) -> str:
        values = listing.address_values({**chosen, **changes})
        return url_for("web.campaigns.campaign", org_id=org_id, campaign_id=campaign_id,
                       **{k: v for k, v in values.items() if v is not None})

    columns = [("lastName", "organization.col.lastName"), ("firstName", "organization.col.firstName"),
               *([("studentNumber", "organization.col.studentNumber")] if org["sup"] else []),
               ("startedAt", "campaigns.col.started"), ("status", "campaigns.col.status"),
               ("sharedAt", "organization.col.sharedAt"),
               *([("masteryRate", "campaigns.col.mastery")] if shown["kind"] == "ASSESSMENT" else [])]
    return render_template("campaign.html", org=org, campaign=shown, rows=rows, codes=codes,
                           total=as_int(table.body.get("total")), headers=listing.headers(columns, chosen, link),
                           paging=listing.paging(chosen, as_int(table.body.get("pages")), link), chosen=chosen,
                           titles=framework.competence_titles())


def _participant(raw: dict[str, Any]) -> dict[str, Any]:
    mastery = raw.get("masteryRate")
    competences = {str(c["code"]): as_int(c.get("masteryRate")) for c in raw.get("competences") or []
                   if isinstance(c, dict) and isinstance(c.get("code"), str)}
    return {"lastName": str(raw.get("lastName") or ""), "firstName": str(raw.get("firstName") or ""),
            "studentNumber": str(raw.get("studentNumber") or ""), "started": on(raw.get("startedAt")) or "",
            "status": raw.get("status") if raw.get("status") in STATUSES else "",
            "shared": on(raw.get("sharedAt")) or "",
            "mastery": mastery if isinstance(mastery, int) and not isinstance(mastery, bool) else None,
            "totalPix": raw.get("totalPix") if isinstance(raw.get("totalPix"), int) else None,
            "competences": competences}


@page(path={"org_id": is_id, "campaign_id": is_id, "fmt": EXPORTS.__contains__})
def export(org_id: str, campaign_id: str, fmt: str):
    found = _campaign(org_id, campaign_id)  # refreshes the token; another organization's is a 404
    if found.status == 404:
        return not_found()
    if not found.ok:
        return refused_here(found)
    return downloads.passthrough(f"{CAMPAIGNS_PATH}/{campaign_id}/results.{fmt}")


def blueprint() -> Blueprint:
    bp = Blueprint("campaigns", __name__)
    bp.add_url_rule("/organisations/<org_id>/campagnes", "campaigns", campaigns, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/campagnes/nouvelle", "create", create, methods=["POST"])
    bp.add_url_rule("/organisations/<org_id>/campagnes/nouvelle", "create_form", back_to_campaigns, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/campagnes/<campaign_id>", "campaign", campaign, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/campagnes/<campaign_id>/resultats.<fmt>", "export", export,
                    methods=["GET"])
    return bp
