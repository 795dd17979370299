"""The platform admin's organizations (/admin/organisations, SUPER_ADMIN): create one
(name, type, its first admin's e-mail address, who is mailed an invitation) and list them
all with their codes. Sharing decides who may (SUPER_ADMIN, from the token): a refusal is
the admin space's "no access" page.

The blueprint is nested in `web`: endpoints `web.admin_organizations.*`."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from . import api, sessions
from .forms import Form, looks_like_email
from .i18n import t
from .organization_views import ORGANIZATIONS_PATH, TYPES
from .pages_common import again, error_page, error_status, is_id, kept, page, refused_here, see
from .wording import on


def _stop(answer: api.Answer):
    return error_page(t("admin.forbidden"), 403) if answer.status == 403 else refused_here(answer)


@page()
def organizations():
    answer = api.authorized("GET", ORGANIZATIONS_PATH)
    if not answer.ok:
        return _stop(answer)
    listed = [{"id": str(o["id"]), "name": str(o.get("displayName") or ""), "code": str(o.get("code") or ""),
               "type": o.get("type") if o.get("type") in TYPES else "", "created": on(o.get("createdAt")) or ""}
              for o in answer.body.get("organizations") or []
              if isinstance(o, dict) and isinstance(o.get("id"), str) and is_id(o["id"])]
    listed.sort(key=lambda o: o["name"].casefold())
    shown = kept()
    created = request.args.get("cree", "")
    just = next((o for o in listed if o["id"] == created), None) if created else None
    last = (sessions.current() or {}).get("createdOrganization")
    if created and just is None and isinstance(last, dict) and last.get("id") == created:
        # sharing's directory is a read model, a moment behind the creation
        just = {"id": created, "name": str(last.get("name") or ""), "code": str(last.get("code") or ""),
                "type": last.get("type") if last.get("type") in TYPES else "", "created": ""}
        listed.insert(0, just)
    return render_template("admin_organizations.html", organizations=listed, form=shown.form("create"),
                           types=TYPES, just=just), shown.status


@page()
def create():
    form = Form.read("displayName", "type", "adminEmail").require("displayName", "adminEmail")
    email = form.values["adminEmail"]
    if email and "adminEmail" not in form.errors and not looks_like_email(email):
        form.add("adminEmail", t("error.email"))
    if form.values["type"] not in TYPES:
        form.add("type", t("adminOrganizations.error.type"))
    if not form.valid:
        return again("web.admin_organizations.organizations", 422, {"create": form})
    answer = api.authorized("POST", ORGANIZATIONS_PATH, form.values)
    if answer.status in (401, 403):
        return _stop(answer)
    if not answer.ok:
        form.absorb(answer, ("displayName", "type", "adminEmail"))
        return again("web.admin_organizations.organizations", error_status(answer), {"create": form})
    created = answer.body.get("id")
    sessions.update(createdOrganization={"id": created, "name": answer.body.get("displayName"),
                                         "code": answer.body.get("code"), "type": answer.body.get("type")})
    return see("web.admin_organizations.organizations",
               cree=created if isinstance(created, str) and is_id(created) else None)


def blueprint() -> Blueprint:
    bp = Blueprint("admin_organizations", __name__)
    bp.add_url_rule("/admin/organisations", "organizations", organizations, methods=["GET"])
    bp.add_url_rule("/admin/organisations", "create", create, methods=["POST"])
    return bp
