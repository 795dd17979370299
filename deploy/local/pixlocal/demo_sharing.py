"""The sharing demo of `make up`, made through the public API as people would make it: the
super admin creates one organization of each type, and the demo organization admin accepts
each invitation from the mail it receives (the development mail sink, as a person clicks the
link). Each organization gets a profile-collection campaign; the university also gets an
assessment campaign. People then share their profiles: Camille (the demo account) with all
four organizations, at the university through its collection campaign with a student
number, and three more people with some of them.

Idempotent: organizations, campaigns and shares that exist are found by name and left
alone, so a second `make up` changes nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import requests

from . import api
from .demo_support import account, invitation_link, ok, signed_in, wait

ORGANIZATION_LINK = re.compile(r"/organisations/invitation/([0-9a-f-]{36})\?jeton=([A-Za-z0-9_-]+)")

ORGANIZATION_ADMIN = {"firstName": "Dominique", "lastName": "Responsable", "email": "organisation.demo@pix.local",
                      "password": "Demo-Orga-2026"}


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    type: str
    collection: str  # the title of its profile-collection campaign


ORGANIZATIONS = (
    DemoOrganization("Collège Jean Moulin", "SCO", "Rentrée 2026 – profils des 3e"),
    DemoOrganization("Université Lumière", "SUP", "Licence 1 – collecte de profils"),
    DemoOrganization("Atelier Numérique", "PRO", "Entretiens annuels 2026"),
    DemoOrganization("Médiathèque du Quartier", "MEDIATION", "Ateliers numériques – automne"),
)
ASSESSMENT = ("Université Lumière", "Licence 1 – recherche d'information", ["1.1"])

# name, e-mail, (competence, answer pattern) of the test they take, organizations they share with
PEOPLE = (
    ("Léa", "Martin", "lea.martin@pix.local", ("1.1", (True, True, False)),
     ("Collège Jean Moulin", "Université Lumière")),
    ("Hugo", "Bernard", "hugo.bernard@pix.local", ("3.1", (True, False)), ("Université Lumière", "Atelier Numérique")),
    ("Inès", "Petit", "ines.petit@pix.local", ("4.2", (True,)), ("Université Lumière", "Médiathèque du Quartier")),
)
PEOPLE_PASSWORD = "Demo-Pix-2026"  # noqa: S105 - demo accounts' password, printed by make up


def _organizations(base: str, admin: dict, org_admin: dict, mail_dir: Path) -> dict[str, dict]:
    """Each demo organization by name, created and joined by the demo organization admin."""
    existing = {o["displayName"]: o for o in ok(requests.get(
        f"{base}/api/organizations", headers=admin, timeout=api.TIMEOUT)).json()["organizations"]}
    for demo in ORGANIZATIONS:
        if demo.name not in existing:
            body = {"displayName": demo.name, "type": demo.type, "adminEmail": ORGANIZATION_ADMIN["email"]}
            existing[demo.name] = ok(requests.post(f"{base}/api/organizations", headers=admin, json=body,
                                                    timeout=api.TIMEOUT)).json()
    mine = lambda: {o["id"] for o in ok(requests.get(  # noqa: E731
        f"{base}/api/organizations/mine", headers=org_admin, timeout=api.TIMEOUT)).json()["organizations"]}
    for demo in ORGANIZATIONS:
        organization = existing[demo.name]
        if organization["id"] in mine():
            continue
        invitation, token = invitation_link(mail_dir, ORGANIZATION_LINK, demo.name, ORGANIZATION_ADMIN["email"])
        ok(requests.post(f"{base}/api/organizations/invitations/{invitation}/accept", json={"token": token},
                          headers=org_admin, timeout=api.TIMEOUT))
        wait(lambda o=organization: True if o["id"] in mine() else None, f"membership of {demo.name}")
    return {name: org for name, org in existing.items() if name in {d.name for d in ORGANIZATIONS}}


def _campaigns(base: str, org_admin: dict, organizations: dict[str, dict]) -> dict[str, dict]:
    """Each demo campaign by title (created once)."""
    wanted = [(demo.name, demo.collection, "PROFILES_COLLECTION", []) for demo in ORGANIZATIONS]
    wanted.append((ASSESSMENT[0], ASSESSMENT[1], "ASSESSMENT", ASSESSMENT[2]))
    campaigns = {}
    for organization, title, kind, competences in wanted:
        org_id = organizations[organization]["id"]
        listed = lambda o=org_id: {c["title"]: c for c in ok(requests.get(  # noqa: E731
            f"{base}/api/organizations/{o}/campaigns", headers=org_admin, timeout=api.TIMEOUT)).json()["campaigns"]}
        if title not in listed():
            ok(requests.post(f"{base}/api/organizations/{org_id}/campaigns", headers=org_admin, timeout=api.TIMEOUT,
                              json={"title": title, "kind": kind, "targetCompetences": competences, "targetTubes": [],
                                    "multipleSendings": True}))
        campaigns[title] = wait(lambda t=title, f=listed: f().get(t), f"campaign {title}")
    return campaigns


def _share(base: str, auth: dict, organization: dict, student_number: str | None = None,
           campaign_code: str | None = None) -> None:
    shared = ok(requests.get(f"{base}/api/shares", headers=auth, timeout=api.TIMEOUT)).json()["shares"]
    if any(s["organizationId"] == organization["id"] for s in shared):
        return
    # Sharing sends its copy of the profile; right after a test it may not have the result yet.
    wait(lambda: True if ok(requests.get(f"{base}/api/shares/preview", params={"code": organization["code"]},
                                           headers=auth, timeout=api.TIMEOUT)).json()["profile"]["totalPix"] else None,
          "the profile's copy in sharing")
    body = {"organizationCode": organization["code"]}
    if student_number:
        body["studentNumber"] = student_number
    if campaign_code:
        body["campaignCode"] = campaign_code
    ok(requests.post(f"{base}/api/shares", json=body, headers=auth, timeout=api.TIMEOUT))


def load(base: str, mail_dir: Path, admin: tuple[str, str], camille: tuple[str, str], take_test) -> dict[str, str]:
    """Everything above; `take_test(auth, code, pattern)` evaluates one competence of a person."""
    admin_auth = signed_in(base, *admin)
    org_admin = account(base, ORGANIZATION_ADMIN["firstName"], ORGANIZATION_ADMIN["lastName"],
                         ORGANIZATION_ADMIN["email"], ORGANIZATION_ADMIN["password"])
    organizations = _organizations(base, admin_auth, org_admin, mail_dir)
    campaigns = _campaigns(base, org_admin, organizations)
    camille_auth = signed_in(base, *camille)
    for demo in ORGANIZATIONS:
        if demo.type == "SUP":
            _share(base, camille_auth, organizations[demo.name], student_number="21001234",
                   campaign_code=campaigns[demo.collection]["code"])
        else:
            _share(base, camille_auth, organizations[demo.name])
    for number, (first, last, address, (code, pattern), shares_with) in enumerate(PEOPLE):
        auth = account(base, first, last, address, PEOPLE_PASSWORD)
        take_test(auth, code, pattern)
        for name in shares_with:
            sup = organizations[name]["type"] == "SUP"
            _share(base, auth, organizations[name], student_number=f"2100{5000 + number}" if sup else None)
    return {"organization_admin_email": ORGANIZATION_ADMIN["email"],
            "organization_admin_password": ORGANIZATION_ADMIN["password"]}
