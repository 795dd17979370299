"""The sharing side of the platform as e2e tests drive it, through the gateway only: the super
admin creates organizations, their admins accept the invitation from the mail sink (as a
person clicks the link), people take a real test so that their profile has something in it,
members read the organization's table. Every call goes out from the caller's own address
(X-Forwarded-For) so that rate limits count people apart."""
from __future__ import annotations

import csv
import email
import email.policy
import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer, wrong_answer
from pixlocal import api

from ..integration.helpers import wait_for
from .people import Person, new_person

TIMEOUT = 15
LINK = re.compile(r"/organisations/invitation/([0-9a-f-]{36})\?jeton=([A-Za-z0-9_-]+)")
BOM = "\ufeff"


@dataclass
class Caller:
    """Someone calling the API: a signed-in person (auth + address) or nobody (auth = {})."""
    base: str
    auth: dict
    ip: str
    person: Person | None = None

    @property
    def id(self) -> str:
        assert self.person is not None
        return self.person.id

    def headers(self) -> dict:
        return {**self.auth, "X-Forwarded-For": self.ip}

    def call(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, f"{self.base}{path}", headers=self.headers(), timeout=TIMEOUT, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        return self.call("GET", path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.call("POST", path, **kw)

    def ok(self, method: str, path: str, status: int = 200, **kw) -> dict:
        answer = self.call(method, path, **kw)
        assert answer.status_code == status, f"{method} {path}: {answer.status_code} {answer.text[:500]}"
        return answer.json() if answer.content else {}


def anonymous(base: str) -> Caller:
    return Caller(base, {}, api.random_ip())


def signed_in(person: Person) -> Caller:
    return Caller(person.base, person.auth(), person.ip, person)


def someone(base: str, first_name: str = "Élise", last_name: str | None = None) -> Caller:
    return signed_in(new_person(base, first_name, last_name or f"Durand{uuid.uuid4().hex[:6]}"))


def super_admin(platform) -> Caller:
    from .people import first_admin_auth

    auth = first_admin_auth(platform)
    return Caller(platform.gateway_url, auth, api.random_ip())


# ---- organizations and their members --------------------------------------------------------

def mail_dir(platform) -> Path:
    return Path(platform.cfg.service_env()["PIX_MAIL_DIR"])


def invitation_link(platform, organization_name: str, address: str, timeout: float = 30.0,
                    pattern: re.Pattern = LINK) -> tuple[str, str]:
    """(invitation id, token) of the newest invitation mail to `address` naming the organization
    (or a certification center, with its link's `pattern`)."""
    def newest():
        found = []
        directory = mail_dir(platform)
        for path in directory.glob("*.eml") if directory.exists() else ():
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = message.get_payload(decode=True).decode("utf-8", "replace")
            if message["To"] == address and organization_name in body and (match := pattern.search(body)):
                found.append((path.stat().st_mtime, match.groups()))
        return max(found)[1] if found else None
    return wait_for(newest, timeout=timeout, interval=0.3)


@dataclass
class Organization:
    id: str
    code: str
    name: str
    type: str
    admin: Caller


def accept_invitation(platform, caller: Caller, organization_id: str, name: str) -> None:
    invitation, token = invitation_link(platform, name, caller.person.email)
    seen = caller.ok("GET", f"/api/organizations/invitations/{invitation}", params={"token": token})
    assert seen["organizationId"] == organization_id and seen["displayName"] == name
    assert caller.ok("POST", f"/api/organizations/invitations/{invitation}/accept",
                     json={"token": token}) == {"organizationId": organization_id}
    wait_for(lambda: caller.get(f"/api/organizations/{organization_id}").status_code == 200, timeout=30)


def new_organization(platform, admin: Caller, type_: str = "SCO", name: str | None = None) -> Organization:
    """An organization created by the super admin, its admin a new person who accepted the
    invitation from the mail sink."""
    name = name or f"Lycée {type_} {uuid.uuid4().hex[:8]}"
    boss = someone(platform.gateway_url, "Dominique", f"Admin{uuid.uuid4().hex[:6]}")
    created = admin.ok("POST", "/api/organizations", 201,
                       json={"displayName": name, "type": type_, "adminEmail": boss.person.email})
    assert created["displayName"] == name and created["type"] == type_
    accept_invitation(platform, boss, created["id"], name)
    return Organization(created["id"], created["code"], name, type_, boss)


def new_member(platform, organization: Organization, role: str = "MEMBER") -> Caller:
    member = someone(platform.gateway_url, "Camille", f"Membre{uuid.uuid4().hex[:6]}")
    organization.admin.ok("POST", f"/api/organizations/{organization.id}/invitations", 201,
                          json={"email": member.person.email, "role": role})
    accept_invitation(platform, member, organization.id, organization.name)
    return member


# ---- people with a profile ------------------------------------------------------------------

def take_test(caller: Caller, code: str, pattern: tuple[bool, ...] = (True,), limit: int = 60) -> dict:
    """A positioning test on `code`, answered to its end with the bank's own solutions
    (True) or surely wrong answers (False), in turn."""
    bank = load_bank()
    answer = caller.post("/api/assessments", json={"competenceCode": code})
    assert answer.status_code in (200, 201), answer.text
    view = answer.json()
    return answer_to_the_end(caller, view, pattern, limit, bank)


def answer_to_the_end(caller: Caller, view: dict, pattern: tuple[bool, ...] = (True,), limit: int = 60,
                      bank=None) -> dict:
    bank = bank or load_bank()
    for turn in range(limit):
        if view["state"] != "started":
            break
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        shown = view["challenge"]["proposals"]
        value = (reference_answer if pattern[turn % len(pattern)] else wrong_answer)(challenge, shown)
        view = caller.ok("POST", f"/api/assessments/{view['id']}/answers", 201,
                         json={"challengeId": challenge.id, "answer": value})["assessment"]
    assert view["state"] != "started", "the test did not end"
    return view


def profile_of(caller: Caller) -> dict:
    return caller.ok("GET", f"/api/profile/{caller.id}")


def wait_profile_above(caller: Caller, total_pix: int, timeout: float = 30.0) -> dict:
    """The profile once it counts more than `total_pix` (it follows assessment's events)."""
    def grown():
        answer = caller.get(f"/api/profile/{caller.id}")
        return answer.json() if answer.status_code == 200 and answer.json().get("totalPix", 0) > total_pix else None
    return wait_for(grown, timeout=timeout, interval=0.2)


def wait_sharing_copy(caller: Caller, organization_code: str, total_pix: int, timeout: float = 30.0) -> dict:
    """The preview once sharing's copy of the profile has `total_pix` (it follows the profile
    topic, so it lags a little behind the test's end)."""
    def ready():
        preview = caller.ok("GET", "/api/shares/preview", params={"code": organization_code})
        return preview if preview["profile"]["totalPix"] == total_pix else None
    return wait_for(ready, timeout=timeout, interval=0.2)


def person_with_profile(base: str, competence: str = "1.3", pattern: tuple[bool, ...] = (True,),
                        first_name: str = "Léa", last_name: str | None = None) -> Caller:
    caller = someone(base, first_name, last_name)
    take_test(caller, competence, pattern)
    wait_profile_above(caller, 0)
    return caller


def my_shares(caller: Caller, count: int, timeout: float = 30.0) -> list[dict]:
    """What the person shared, once the list holds `count` sendings (it is a read model)."""
    def listed():
        shares = caller.ok("GET", "/api/shares")["shares"]
        return shares if len(shares) >= count else None
    return wait_for(listed, timeout=timeout, interval=0.2)


def share(caller: Caller, organization: Organization, **extra) -> dict:
    return caller.ok("POST", "/api/shares", 201, json={"organizationCode": organization.code, **extra})


# ---- the organization's table and exports ---------------------------------------------------

def table(member: Caller, organization_id: str, **params) -> dict:
    return member.ok("GET", f"/api/organizations/{organization_id}/profiles", params=params)


def row_of(member: Caller, organization_id: str, user_id: str, **params) -> dict | None:
    params = {"size": 100, **params}
    page, pages = 1, 1
    while page <= pages:
        body = table(member, organization_id, page=page, **params)
        for row in body["rows"]:
            if row["userId"] == user_id:
                return row
        pages, page = body["pages"], page + 1
    return None


def wait_row(member: Caller, organization_id: str, user_id: str, shared_at: str | None = None,
             timeout: float = 30.0) -> dict:
    """The person's row once it shows the share of `shared_at` (any share when None)."""
    def current():
        row = row_of(member, organization_id, user_id)
        return row if row and (shared_at is None or row["sharedAt"] == shared_at) else None
    return wait_for(current, timeout=timeout, interval=0.2)


def parse_csv(response: requests.Response) -> list[list[str]]:
    """A CSV export as French Excel reads it: UTF-8 with BOM, `;`, CRLF."""
    assert response.status_code == 200, response.text[:300]
    text = response.content.decode("utf-8")
    assert text.startswith(BOM), "no BOM"
    assert "\r\n" in text and "\n" not in text.replace("\r\n", ""), "lines not ended by CRLF"
    return list(csv.reader(io.StringIO(text[len(BOM):], newline=""), delimiter=";"))


def parse_xlsx(response: requests.Response) -> list[list[str]]:
    from openpyxl import load_workbook

    assert response.status_code == 200, response.text[:300]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = book.worksheets[0]
    rows = [["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows
