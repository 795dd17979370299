"""The certification demo of `make up`, made through the public API as people would make it: an
institution asks for accreditation from the public form, the demo platform admin (role CERTIF,
granted by the super admin) accredits it, the center's admin accepts the invitation from the
mail sink and opens a session for today with the demo account (Camille, eligible with five
competences evaluated) on its candidate list, ready to take: join it with the access code,
open the invigilator space with the code and the invigilator password, which `make up` prints.

Idempotent: the center is found among its admin's centers by name, the session among its
sessions, the candidate on its list; a second `make up` changes nothing."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import requests

from . import api
from .demo_support import account, invitation_link, ok, signed_in, wait

CENTER_NAME = "Lycée Victor Hugo – centre de certification"
CENTER_ADMIN = {"firstName": "Sacha", "lastName": "Référent", "email": "centre.demo@pix.local",
                "password": "Demo-Centre-2026"}
CERTIF_ADMIN = {"firstName": "Morgane", "lastName": "Certif", "email": "certif.demo@pix.local",
                "password": "Demo-Certif-2026"}
CANDIDATE_BIRTH_DATE = "2004-05-17"  # Camille's, as typed on the candidate list and when joining
CENTER_LINK = re.compile(r"/centres-de-certification/invitations/([0-9a-f-]{36})\?token=([A-Za-z0-9_-]+)")


def _get(base: str, path: str, auth: dict) -> dict:
    return ok(requests.get(f"{base}{path}", headers=auth, timeout=api.TIMEOUT)).json()


def _send(method: str, base: str, path: str, auth: dict, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{base}{path}", headers=auth, json=body, timeout=api.TIMEOUT)


def _certif_admin(base: str, super_admin: dict) -> dict:
    """The demo CERTIF admin, granted the role by the super admin, signed in again to carry it."""
    auth = account(base, CERTIF_ADMIN["firstName"], CERTIF_ADMIN["lastName"], CERTIF_ADMIN["email"],
                   CERTIF_ADMIN["password"])
    me = _get(base, "/api/users/me", auth)
    if "CERTIF" not in (me.get("roles") or []):
        ok(_send("PUT", base, f"/api/admin/users/{me['id']}/roles", super_admin,
                 {"roles": sorted({*(me.get("roles") or []), "CERTIF"})}))
    return signed_in(base, CERTIF_ADMIN["email"], CERTIF_ADMIN["password"])


def _center(base: str, mail_dir: Path, certif: dict, center_admin: dict) -> dict:
    def mine() -> dict | None:
        return next((c for c in _get(base, "/api/certification/me/centers", center_admin)["centers"]
                     if c["name"] == CENTER_NAME), None)
    if (found := mine()) is not None:
        return found
    pending = _get(base, "/api/certification/accreditation-requests", certif)["requests"]
    request = next((r for r in pending if r["institutionName"] == CENTER_NAME), None)
    if request is None:
        ok(_send("POST", base, "/api/certification/accreditation-requests", {}, {
            "institutionName": CENTER_NAME, "institutionType": "SCHOOL",
            "address": "12 rue des Écoles, 75005 Paris", "contactName": "Sacha Référent",
            "contactEmail": CENTER_ADMIN["email"], "phone": "01 23 45 67 89",
            "message": "Nous souhaitons proposer la certification Pix à nos élèves de terminale."}))
        request = wait(lambda: next((r for r in _get(base, "/api/certification/accreditation-requests", certif)
                                     ["requests"] if r["institutionName"] == CENTER_NAME), None),
                       "the accreditation request")
    ok(_send("PUT", base, f"/api/certification/accreditation-requests/{request['id']}/decision", certif,
             {"decision": "ACCREDITED", "reason": ""}))
    invitation, token = invitation_link(mail_dir, CENTER_LINK, CENTER_NAME, CENTER_ADMIN["email"])
    ok(_send("POST", base, f"/api/certification/invitations/{invitation}/acceptance", center_admin, {"token": token}))
    return wait(mine, f"membership of {CENTER_NAME}")


def _session(base: str, center: dict, center_admin: dict) -> dict:
    listed = _get(base, f"/api/certification/centers/{center['id']}/sessions", center_admin)["sessions"]
    if listed:
        return _get(base, f"/api/certification/sessions/{listed[0]['id']}", center_admin)
    created = ok(_send("POST", base, f"/api/certification/centers/{center['id']}/sessions", center_admin, {
        "address": "12 rue des Écoles, 75005 Paris", "room": "Salle informatique B12", "examiner": "M. Laurent",
        "date": dt.date.today().isoformat(), "time": "09:00",
        "description": "Session de démonstration : pièce d'identité demandée."})).json()
    return _get(base, f"/api/certification/sessions/{created['id']}", center_admin)


def _candidate(base: str, session: dict, center_admin: dict, camille: dict) -> None:
    if any(c.get("lastName") == camille["lastName"] for c in session["candidates"]):
        return
    answer = _send("POST", base, f"/api/certification/sessions/{session['id']}/candidates", center_admin, {
        "lastName": camille["lastName"], "firstName": camille["firstName"], "sex": "F",
        "birthDate": CANDIDATE_BIRTH_DATE, "birthCity": "Paris", "birthPostalCode": "75005",
        "birthCountry": "France", "email": camille["email"], "billingMode": "free", "extraTimePercentage": 0})
    if answer.status_code != 409:  # 409: already listed by an earlier run
        ok(answer)


def load(base: str, mail_dir: Path, super_admin: tuple[str, str], camille: dict) -> dict[str, str]:
    """Everything above; `camille`: the demo account's names and e-mail."""
    certif = _certif_admin(base, signed_in(base, *super_admin))
    center_admin = account(base, CENTER_ADMIN["firstName"], CENTER_ADMIN["lastName"], CENTER_ADMIN["email"],
                           CENTER_ADMIN["password"])
    center = _center(base, mail_dir, certif, center_admin)
    session = _session(base, center, center_admin)
    _candidate(base, session, center_admin, camille)
    return {"center_admin_email": CENTER_ADMIN["email"], "center_admin_password": CENTER_ADMIN["password"],
            "certif_email": CERTIF_ADMIN["email"], "certif_password": CERTIF_ADMIN["password"],
            "session_access_code": session["accessCode"], "session_password": session["invigilatorPassword"],
            "candidate_birth_date": CANDIDATE_BIRTH_DATE}
