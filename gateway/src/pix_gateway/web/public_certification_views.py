"""The certification's public pages, open to all (docs/domain.md §6): the certification
centers' page, /centres-de-certification (what a center is, how to become one and, for a
signed-in person, "my centers"); the accreditation request, /centres-de-certification/demande
("Je veux que mon établissement propose la certification Pix": no account, errors next to
their fields, then a confirmation page); and a certificate's verification by its code,
/certificats/verification?code=P-XXXXXXXX — the address the certificate's QR code points to
(certification's handlers/results.py verification_url): its path and query name are a contract.

The request and the verification are anonymous calls (api.call without a token), as the
gateway's PUBLIC_ROUTES let them through. The blueprint is nested in `web`:
endpoints `web.center_public.*`."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, render_template, request

from . import api, i18n
from .forms import MAX_LENGTH, Form, api_message
from .i18n import t
from .pages_common import again, as_int, error_page, error_status, is_id, kept, page, refused, see, signed_in
from .wording import MONTHS

CERTIFICATION = "/api/certification"
CENTER_TYPES = ("SCHOOL", "HIGHER_EDUCATION", "PUBLIC_DIGITAL_SPACE", "COMPANY", "OTHER")
ROLES = ("ADMIN", "MEMBER")
# the request form's fields → the API's (centers_api WIRE_FIELDS, camelCase)
REQUEST_FIELDS = {"institutionName": "institutionName", "institutionType": "institutionType",
                  "institutionAddress": "address", "contactName": "contactName", "contactEmail": "contactEmail",
                  "contactPhone": "phone", "requestMessage": "message"}
REQUIRED = ("institutionName", "institutionType", "institutionAddress", "contactName", "contactEmail",
            "requestMessage")
REQUEST_CODES = ("REQUIRED", "TOO_LONG", "CONTROL_CHARACTERS", "INVALID_EMAIL", "INVALID_PHONE", "UNKNOWN_TYPE")
CODE = re.compile(r"P-[A-Z0-9]{8}")
MESSAGE_MAX = 2000


def center_shown(body: Mapping[str, Any]) -> dict[str, Any]:
    """A center as the pages show it (its id as the routes accept it, else None)."""
    center_id, kind, role = body.get("id"), body.get("type"), body.get("role")
    return {"id": center_id if isinstance(center_id, str) and is_id(center_id) else None,
            "name": str(body.get("name") or ""), "address": str(body.get("address") or ""),
            "type": kind if kind in CENTER_TYPES else "", "role": role if role in ROLES else "",
            "admin": role == "ADMIN"}


@page(login=False, query={"info": "left".__eq__})
def centers():
    mine, unavailable = None, False
    if signed_in():
        answer = api.authorized("GET", f"{CERTIFICATION}/me/centers")
        if answer.status == 401:
            return refused(answer)
        raw = answer.body.get("centers") if answer.ok else None
        if isinstance(raw, list):
            mine = [shown for shown in (center_shown(c) for c in raw if isinstance(c, dict)) if shown["id"]]
        else:
            unavailable = True
    return render_template("center_landing.html", mine=mine, unavailable=unavailable,
                           notice=t("center.left") if request.args.get("info") == "left" else None)


@page(login=False)
def request_form():
    shown = kept()
    return render_template("accreditation_request.html", form=shown.form("request"),
                           type_choices=[(kind, t(f"center.type.{kind}")) for kind in CENTER_TYPES],
                           message_max=MESSAGE_MAX), shown.status


@page(login=False)
def send_request():
    names = tuple(REQUEST_FIELDS)
    form = Form.read(*(n for n in names if n != "requestMessage"))
    message = request.form.get("requestMessage", "")[:MESSAGE_MAX + 1].strip()
    form.values["requestMessage"] = message
    form.require(*REQUIRED)
    if form.values["institutionType"] and form.values["institutionType"] not in CENTER_TYPES:
        form.add("institutionType", t("centerRequest.error.UNKNOWN_TYPE"))
    if len(message) > MESSAGE_MAX and "requestMessage" not in form.errors:
        form.add("requestMessage", t("centerRequest.error.TOO_LONG"))
    if not form.valid:
        return again("web.center_public.request_form", 422, {"request": form})
    answer = api.call("POST", f"{CERTIFICATION}/accreditation-requests",
                      {wire: form.values[name] for name, wire in REQUEST_FIELDS.items()})
    if answer.ok:
        return see("web.center_public.request_sent")
    absorb_codes(form, answer, {wire: name for name, wire in REQUEST_FIELDS.items()}, "centerRequest.error.")
    return again("web.center_public.request_form", error_status(answer),
                 {"request": form})


def absorb_codes(form: Form, answer: api.Answer, names: Mapping[str, str], prefix: str) -> None:
    """A refusal whose details name each bad field and its code ({field: CODE}, the centers'
    way) or carry the schema's {fields: {field: [{message}]}}: each next to its field (`names`:
    the API's field → the form's); the answer's words in the summary otherwise."""
    details = answer.body.get("details") if isinstance(answer.body, dict) else None
    placed = False
    for wire, messages in answer.field_errors().items():
        if wire in names:
            for text in messages or [t("error.unexpected")]:
                form.add(names[wire], text)
            placed = True
    if isinstance(details, dict):
        for wire, code in details.items():
            if wire in names and isinstance(code, str):
                key = f"{prefix}{code}"
                form.add(names[wire], t(key) if code in REQUEST_CODES else api_message(answer))
                placed = True
    if not placed:
        form.summary.append(api_message(answer))


@page(login=False)
def request_sent():
    return render_template("center_request_sent.html")


def _is_code_text(value: str) -> bool:
    return len(value) <= MAX_LENGTH


@page(login=False, query={"code": _is_code_text})
def verification():
    typed = request.args.get("code")
    form = Form({"verificationCode": (typed or "").strip().upper()})
    if typed is None:
        return render_template("verification.html", form=form, certificate=None)
    code = form.values["verificationCode"]
    if not CODE.fullmatch(code):
        form.add("verificationCode", t("verification.badCode"))
        return render_template("verification.html", form=form, certificate=None), 422
    answer = api.call("GET", f"{CERTIFICATION}/verification/{code}")
    if answer.status == 404:
        form.add("verificationCode", api_message(answer))
        return render_template("verification.html", form=form, certificate=None), 404
    if not answer.ok:
        return error_page(api_message(answer), error_status(answer))
    return render_template("verification.html", form=form, certificate=certificate_shown(answer.body, code))


def certificate_shown(body: Mapping[str, Any], code: str) -> dict[str, Any]:
    """The certificate: its holder (None once anonymized) and its competences by area, in order."""
    holder = body.get("holder") if isinstance(body.get("holder"), dict) else None
    areas: list[dict[str, Any]] = []
    for item in body.get("competences") or []:
        if not isinstance(item, dict):
            continue
        area = str(item.get("areaTitle") or "")
        if not areas or areas[-1]["title"] != area:
            areas.append({"title": area, "competences": []})
        areas[-1]["competences"].append({"code": str(item.get("code") or ""), "title": str(item.get("title") or ""),
                                         "level": as_int(item.get("level"))})
    return {"code": str(body.get("verificationCode") or code), "pix": as_int(body.get("certifiedPix")),
            "on": a_day(body.get("certifiedOn")),
            "center": str(body.get("centerName") or ""),
            "holder": " ".join(str(holder.get(k) or "") for k in ("firstName", "lastName")).strip()
            if holder else None,
            "areas": areas}


def a_day(value: Any) -> str:
    """"2026-12-01" as "1er décembre 2026" / "1 December 2026"; any other text as it is."""
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        return str(value or "")
    lang = i18n.language()
    return f"{'1er' if lang == 'fr' and day.day == 1 else day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def blueprint() -> Blueprint:
    bp = Blueprint("center_public", __name__)
    bp.add_url_rule("/centres-de-certification", "centers", centers, methods=["GET"])
    bp.add_url_rule("/centres-de-certification/demande", "request_form", request_form, methods=["GET"])
    bp.add_url_rule("/centres-de-certification/demande", "send_request", send_request, methods=["POST"])
    bp.add_url_rule("/centres-de-certification/demande/envoyee", "request_sent", request_sent, methods=["GET"])
    bp.add_url_rule("/certificats/verification", "verification", verification, methods=["GET"])
    return bp
