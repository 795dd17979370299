"""The share flow, /partager (docs/domain.md §1, §7): the organization's code (spaces,
dashes and case tolerated), then on the code's own page the organization's name to confirm,
the student number for higher education (SUP), an optional campaign code and the consent
text listing what is sent — sharing's `GET /api/shares/preview`, exactly what "Envoyer"
sends now — and that later progress is not. "Envoyer" records the snapshot (`POST
/api/shares`); the person then sees what they shared, with whom and when (/partager/mes-envois).

Sharing decides every rule; its refusals are shown next to the field they are about. The
blueprint is nested in `web`: endpoints `web.share.*`."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, render_template, request

from . import api, framework, sessions
from .codes import is_code, organization_code
from .forms import Form, api_message
from .i18n import t
from .pages_common import again, as_int, error_page, error_status, is_id, kept, page, refused_here, see
from .wording import on

SHARES_PATH = "/api/shares"
PREVIEW_PATH = "/api/shares/preview"
# sharing's refusals → the field of the form they are about
FIELD_OF = {"ORGANIZATION_CODE_EMPTY": "code", "ORGANIZATION_CODE_UNKNOWN": "code",
            "STUDENT_NUMBER_REQUIRED": "studentNumber", "organizationCode": "code"}
CODE_ERRORS = ("ORGANIZATION_CODE_EMPTY", "ORGANIZATION_CODE_UNKNOWN")


def field_of(code: str) -> str | None:
    if code.startswith("CAMPAIGN_") or code in ("ALREADY_PARTICIPATED", "NOT_A_PROFILES_COLLECTION"):
        return "campaignCode"
    return FIELD_OF.get(code)


def absorb(form: Form, answer: api.Answer, known: tuple[str, ...]) -> None:
    """A refusal of sharing's: next to its field when it has one, else in the summary."""
    fields = answer.field_errors()
    if fields:
        for name, messages in fields.items():
            target = FIELD_OF.get(name, name)
            for message in messages or [t("error.unexpected")]:
                form.add(target, message) if target in known else form.summary.append(message)
        return
    target = field_of(answer.code)
    form.add(target, api_message(answer)) if target in known else form.summary.append(api_message(answer))


@page()
def share():
    if request.method == "GET":
        shown = kept()
        return render_template("share.html", form=shown.form("code")), shown.status
    form = Form.read("code")
    code = organization_code(form.values["code"])
    if form.valid and not code:  # sharing's own words for it (ORGANIZATION_CODE_EMPTY), without a call
        form.add("code", t("share.error.empty"))
    elif form.valid and not is_code(code):
        form.add("code", t("share.error.unknown"))
    if not form.valid:
        return again("web.share.share", 422, {"code": form})
    found = api.authorized("GET", f"/api/organizations/by-code/{quote(code)}")
    if found.status == 401:
        return refused_here(found)
    if not found.ok:
        absorb(form, found, ("code",))
        return again("web.share.share", error_status(found), {"code": form})
    return see("web.share.confirm", code=code)


def _preview(code: str) -> api.Answer:
    return api.authorized("GET", f"{PREVIEW_PATH}?{urlencode({'code': code})}")


@page(path={"code": is_code})
def confirm(code: str):
    preview = _preview(code)
    if preview.status == 401:
        return refused_here(preview)
    if not preview.ok:  # the code is no longer one (or never was: a typed address): back to the first step
        form = Form({"code": code})
        absorb(form, preview, ("code",))
        return again("web.share.share", error_status(preview), {"code": form})
    shown = kept()
    body = preview.body
    organization = body.get("organization") if isinstance(body.get("organization"), dict) else {}
    return render_template("share_confirm.html", code=code, form=shown.form("share"),
                           organization={"name": str(organization.get("displayName") or ""),
                                         "type": str(organization.get("type") or "")},
                           student_number=bool(body.get("studentNumberRequired")),
                           profile=profile_shown(body.get("profile"))), shown.status


def profile_shown(raw: Any) -> dict[str, Any]:
    """A profile as sharing sends it ({totalPix, profilePercent, competences: [{code, level,
    pix}]}), with each competence's title; only the evaluated ones are listed."""
    raw = raw if isinstance(raw, dict) else {}
    titles = framework.competence_titles()
    competences = [{"code": str(c.get("code") or ""), "title": titles.get(str(c.get("code")), ""),
                    "level": as_int(c.get("level")), "pix": as_int(c.get("pix"))}
                   for c in raw.get("competences") or [] if isinstance(c, dict)]
    return {"totalPix": as_int(raw.get("totalPix")), "percent": as_int(raw.get("profilePercent")),
            "certifiable": as_int(raw.get("certifiableCompetences")),
            "competences": [c for c in competences if c["level"] > 0 or c["pix"] > 0]}


@page(path={"code": is_code})
def send(code: str):
    form = Form.read("studentNumber", "campaignCode")
    if not form.valid:
        return again("web.share.confirm", 422, {"share": form}, code=code)
    body = {"organizationCode": code, **{name: form.values[name] for name in ("studentNumber", "campaignCode")
                                         if form.values[name]}}
    answer = api.authorized("POST", SHARES_PATH, body)
    if answer.status == 401:
        return refused_here(answer)
    if not answer.ok:
        if answer.code in CODE_ERRORS:
            first = Form({"code": code})
            absorb(first, answer, ("code",))
            return again("web.share.share", error_status(answer), {"code": first})
        absorb(form, answer, ("studentNumber", "campaignCode"))
        return again("web.share.confirm", error_status(answer), {"share": form}, code=code)
    share_id = answer.body.get("shareId")
    if not isinstance(share_id, str) or not is_id(share_id):
        return see("web.share.sent")
    # Sharing's list of my sendings is a read model, a moment behind: the confirmation
    # keeps what was just sent (the organization's name from its code) for the next page.
    found = api.authorized("GET", f"/api/organizations/by-code/{quote(code)}")
    sessions.update(lastShare={"id": share_id, "sharedAt": answer.body.get("sharedAt"),
                               "organization": str(found.body.get("displayName") or "") if found.ok else ""})
    return see("web.share.sent", envoi=share_id)


@page(login=False, path={"code": is_code})
def back_to_confirm(code: str):
    """The form's address opened with GET (the language switch after an error): its page."""
    return see("web.share.confirm", code=code)


@page(query={"envoi": is_id})
def sent():
    answer = api.authorized("GET", SHARES_PATH)
    if not answer.ok:
        return refused_here(answer)
    raw = answer.body.get("shares")
    if not isinstance(raw, list):
        return error_page(t("error.unexpected"), 503)
    shares = [{"id": str(s.get("shareId") or ""), "organization": str(s.get("displayName") or ""),
               "on": on(s.get("sharedAt")) or "", "campaign": bool(s.get("campaignId"))}
              for s in raw if isinstance(s, dict)]
    asked = request.args.get("envoi")
    last = (sessions.current() or {}).get("lastShare")
    just = next((s for s in shares if s["id"] == asked), None) if asked else None
    if asked and just is None and isinstance(last, dict) and last.get("id") == asked:
        just = {"id": asked, "organization": str(last.get("organization") or ""), "on": on(last.get("sharedAt")) or "",
                "campaign": False}
        shares.insert(0, just)  # recorded, not yet in the list (newest first)
    return render_template("share_sent.html", shares=shares, just=just)


def blueprint() -> Blueprint:
    bp = Blueprint("share", __name__)
    bp.add_url_rule("/partager", "share", share, methods=["GET", "POST"])
    bp.add_url_rule("/partager/mes-envois", "sent", sent, methods=["GET"])
    bp.add_url_rule("/partager/<code>", "confirm", confirm, methods=["GET"])
    bp.add_url_rule("/partager/<code>/envoi", "send", send, methods=["POST"])
    bp.add_url_rule("/partager/<code>/envoi", "send_form", back_to_confirm, methods=["GET"])
    return bp
