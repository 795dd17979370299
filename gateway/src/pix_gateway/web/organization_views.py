"""The organization space (docs/domain.md §7), for its members: my organizations
(/organisations), then an organization's page: its code to hand out and the table of the
profiles shared with it — sortable by every column, filtered by name and by campaign (a GET
form), paged — with its CSV, detailed CSV and XLSX downloads, and a person's snapshot.
Members, figures and campaigns have their own modules (member_views, statistics_views,
campaign_views); they share `organization()` and the space's navigation.

Sharing checks the membership on every call and answers "not yours" as "does not exist"
(404): the pages show its answer. The blueprint is nested in `web`: `web.organizations.*`."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, render_template, request, url_for

from . import api, downloads, listing
from .i18n import t
from .pages_common import as_int, error_page, is_id, page, refused_here
from .share_views import profile_shown
from .wording import on

ORGANIZATIONS_PATH = "/api/organizations"
TYPES = ("SCO", "SUP", "PRO", "MEDIATION")
# the table's columns: the API's sort key, the header's text; the student number for SUP only
COLUMNS = (("lastName", "organization.col.lastName"), ("firstName", "organization.col.firstName"),
           ("sharedAt", "organization.col.sharedAt"), ("totalPix", "organization.col.totalPix"),
           ("profilePercent", "organization.col.profilePercent"))
STUDENT_COLUMN = ("studentNumber", "organization.col.studentNumber")
SORTS = frozenset(key for key, _ in (*COLUMNS, STUDENT_COLUMN))
PAGE_SIZE = 50
EXPORTS = ("csv", "xlsx")
JOIN_REFRESH_S = 2


def organization(org_id: str) -> api.Answer:
    return api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}")


def organization_shown(body: dict[str, Any], org_id: str) -> dict[str, Any]:
    kind = str(body.get("type") or "")
    return {"id": org_id, "name": str(body.get("displayName") or ""), "code": str(body.get("code") or ""),
            "type": kind if kind in TYPES else "", "role": str(body.get("role") or ""),
            "admin": body.get("role") == "ADMIN", "sup": kind == "SUP"}


@page()
def organizations():
    answer = api.authorized("GET", f"{ORGANIZATIONS_PATH}/mine")
    if not answer.ok:
        return refused_here(answer)
    raw = answer.body.get("organizations")
    if not isinstance(raw, list):
        return error_page(t("error.unexpected"), 503)
    mine = [organization_shown(o, str(o.get("id"))) for o in raw
            if isinstance(o, dict) and isinstance(o.get("id"), str) and is_id(o["id"])]
    return render_template("organizations.html", organizations=mine)


def _is_sort(value: str) -> bool:
    return value in SORTS


def _is_campaign(value: str) -> bool:
    return value == "" or is_id(value)


@page(path={"org_id": is_id}, query={"tri": _is_sort, "ordre": listing.is_order, "page": listing.is_page_number,
                                     "nom": listing.is_name, "campagne": _is_campaign, "info": "joined".__eq__})
def space(org_id: str):
    head = organization(org_id)
    joined = request.args.get("info") == "joined"
    if head.status == 404 and joined:  # sharing's memberships are a read model, a moment behind the acceptance
        return render_template("organization_wait.html", refresh=JOIN_REFRESH_S, org_id=org_id)
    if not head.ok:
        return refused_here(head)
    org = organization_shown(head.body, org_id)
    asked = {**listing.asked(request.args, "sharedAt", "desc"), "campaign": request.args.get("campagne", "")}
    query = {"sort": asked["sort"], "order": asked["order"], "page": asked["page"], "size": PAGE_SIZE,
             **({"name": asked["name"]} if asked["name"] else {}),
             **({"campaign": asked["campaign"]} if asked["campaign"] else {})}
    table = api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}/profiles?{urlencode(query)}")
    if not table.ok:
        return refused_here(table)
    campaigns = api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}/campaigns")
    listed = campaigns.body.get("campaigns") if campaigns.ok else None
    choices = [{"id": str(c["id"]), "title": str(c.get("title") or c["id"])} for c in listed or []
               if isinstance(c, dict) and isinstance(c.get("id"), str) and is_id(c["id"])]
    columns = [*COLUMNS, STUDENT_COLUMN] if org["sup"] else list(COLUMNS)
    rows = [_row(r, org_id) for r in table.body.get("rows") or [] if isinstance(r, dict)]
    pages = max(as_int(table.body.get("pages")), 1)
    return render_template("organization.html", org=org, rows=rows, total=as_int(table.body.get("total")),
                           notice=t("members.joined") if joined else None,
                           headers=listing.headers(columns, asked, _link(org_id, asked)),
                           asked=asked, campaigns=choices, paging=listing.paging(asked, pages, _link(org_id, asked)))


def _row(raw: dict[str, Any], org_id: str) -> dict[str, Any]:
    user_id = raw.get("userId")
    return {"lastName": str(raw.get("lastName") or ""), "firstName": str(raw.get("firstName") or ""),
            "sharedAt": on(raw.get("sharedAt")) or "", "totalPix": as_int(raw.get("totalPix")),
            "profilePercent": as_int(raw.get("profilePercent")), "studentNumber": str(raw.get("studentNumber") or ""),
            "href": url_for("web.organizations.snapshot", org_id=org_id, user_id=user_id)
            if isinstance(user_id, str) and is_id(user_id) else None}


def _link(org_id: str, chosen: dict[str, Any]) -> listing.Link:
    def link(**changes: Any) -> str:
        values = {**chosen, **changes}
        query = listing.address_values(values)
        page_number = query.pop("page")
        params = {**query, "campagne": values["campaign"] or None, "page": page_number}  # the page last
        return url_for("web.organizations.space", org_id=org_id, **{k: v for k, v in params.items() if v is not None})
    return link


@page(path={"org_id": is_id, "fmt": EXPORTS.__contains__}, query={"detaille": "1".__eq__})
def export(org_id: str, fmt: str):
    head = organization(org_id)  # refreshes the token, and a refusal is a page
    if not head.ok:
        return refused_here(head)
    detailed = "?detailed=1" if request.args.get("detaille") == "1" else ""
    return downloads.passthrough(f"{ORGANIZATIONS_PATH}/{org_id}/profiles.{fmt}{detailed}")


@page(path={"org_id": is_id, "user_id": is_id})
def snapshot(org_id: str, user_id: str):
    head = organization(org_id)
    if not head.ok:
        return refused_here(head)
    answer = api.authorized("GET", f"{ORGANIZATIONS_PATH}/{org_id}/profiles/{user_id}")
    if not answer.ok:
        return refused_here(answer)
    body = answer.body
    history = [{"on": on(h.get("sharedAt")) or "", "totalPix": as_int(h.get("totalPix"))}
               for h in body.get("history") or [] if isinstance(h, dict)]
    person = {"lastName": str(body.get("lastName") or ""), "firstName": str(body.get("firstName") or ""),
              "studentNumber": str(body.get("studentNumber") or ""), "on": on(body.get("sharedAt")) or ""}
    return render_template("snapshot.html", org=organization_shown(head.body, org_id), person=person,
                           profile=profile_shown(body), history=history)


def blueprint() -> Blueprint:
    bp = Blueprint("organizations", __name__)
    bp.add_url_rule("/organisations", "organizations", organizations, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>", "space", space, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/profils.<fmt>", "export", export, methods=["GET"])
    bp.add_url_rule("/organisations/<org_id>/profils/<user_id>", "snapshot", snapshot, methods=["GET"])
    return bp
