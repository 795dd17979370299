"""The certification side of the platform as e2e tests drive it, through the gateway only: a
platform admin with the CERTIF role, an institution's accreditation request, the center's
admin accepting the invitation from the mail sink, sessions and their candidates, people
eligible after five positioning tests, and the invigilator's token."""
from __future__ import annotations

import base64
import io
import re
import uuid
from dataclasses import dataclass

import requests
from openpyxl import Workbook
from pix_certification.domain.candidates import HEADERS

from ..integration.helpers import wait_for
from .sharing_world import TIMEOUT, Caller, anonymous, invitation_link, signed_in, someone, super_admin, take_test

CENTER_LINK = re.compile(r"/centres-de-certification/invitations/([0-9a-f-]{36})\?token=([A-Za-z0-9_-]+)")
FIVE = ("1.1", "1.2", "2.1", "3.1", "4.1")
DETAILS = {"address": "12 rue des Écoles, 75005 Paris", "room": "Salle B12", "examiner": "Mme Durand",
           "date": "2026-12-10", "time": "09:30", "description": ""}


@dataclass
class Center:
    id: str
    name: str
    admin: Caller


def certif_admin(platform) -> Caller:
    """Someone the super admin made a platform certification admin (CERTIF), signed in again."""
    person = someone(platform.gateway_url, "Morgane", f"Certif{uuid.uuid4().hex[:6]}")
    super_admin(platform).ok("PUT", f"/api/admin/users/{person.id}/roles", json={"roles": ["CERTIF"]})
    again = signed_in(person.person)
    assert "CERTIF" in again.ok("GET", "/api/users/me")["roles"]
    return again


def accredited_center(platform, certif: Caller) -> Center:
    name = f"Lycée certifiant {uuid.uuid4().hex[:8]}"
    boss = someone(platform.gateway_url, "Sacha", f"Centre{uuid.uuid4().hex[:6]}")
    anonymous(platform.gateway_url).ok("POST", "/api/certification/accreditation-requests", 201, json={
        "institutionName": name, "institutionType": "SCHOOL", "address": "1 place de la Mairie, 69001 Lyon",
        "contactName": "Sacha Centre", "contactEmail": boss.person.email, "phone": "04 00 00 00 00",
        "message": "Nous voulons proposer la certification."})
    request = wait_for(lambda: next((r for r in certif.ok("GET", "/api/certification/accreditation-requests")
                                     ["requests"] if r["institutionName"] == name), None), timeout=30, interval=0.3)
    certif.ok("PUT", f"/api/certification/accreditation-requests/{request['id']}/decision",
              json={"decision": "ACCREDITED", "reason": ""})
    invitation, token = invitation_link(platform, name, boss.person.email, pattern=CENTER_LINK)
    boss.ok("POST", f"/api/certification/invitations/{invitation}/acceptance", json={"token": token})
    center = wait_for(lambda: next((c for c in boss.ok("GET", "/api/certification/me/centers")["centers"]
                                    if c["name"] == name), None), timeout=30, interval=0.3)
    return Center(center["id"], name, boss)


def eligible_person(base: str, first: str, last: str) -> Caller:
    person = someone(base, first, last)
    for code in FIVE:
        take_test(person, code)
    wait_for(lambda: person.ok("GET", "/api/certification/eligibility")["eligible"] or None, timeout=60,
             interval=0.3)
    return person


def candidate_row(caller: Caller, birth: str) -> list:
    """A template row for the person, born on `birth` (dd/mm/yyyy)."""
    p = caller.person
    return [p.last_name, p.first_name, "F", birth, "Lyon", "69001", "France", p.email, None, None, None,
            "Gratuite", None, None]


def sheet(rows: list[list]) -> dict:
    book = Workbook()
    page = book.active
    page.append(list(HEADERS))
    for row in rows:
        page.append(row)
    out = io.BytesIO()
    book.save(out)
    return {"fileName": "candidats.xlsx", "content": base64.b64encode(out.getvalue()).decode()}


class Invigilator:
    """No account: the session's access code and invigilator password give the day's token."""

    def __init__(self, base: str, code: str, password: str) -> None:
        self.caller = anonymous(base)
        opened = self.caller.ok("POST", "/api/certification/invigilation", 201,
                                json={"accessCode": code, "password": password})
        self.session_id, self.token = opened["sessionId"], opened["token"]

    def call(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.caller.base}/api/certification/invigilation{path}",
                                headers={"Authorization": f"Invigilator {self.token}",
                                         "X-Forwarded-For": self.caller.ip}, timeout=TIMEOUT, **kw)

    def live(self) -> dict:
        answer = self.call("GET", f"/{self.session_id}")
        assert answer.status_code == 200, answer.text
        return answer.json()

