"""Certification centers over HTTP, on certification's real bootstrap and the strict fake store
(a query not anchored on `_id` fails): the public request, its decision by a CERTIF admin,
the first admin's mail, accepting, inviting, roles, removal, the last admin; who may call
what; every bad field; and nothing written by a refusal. `Platform` is shared with
test_centers_projection.py."""
from __future__ import annotations

import email
import email.policy
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pix_certification.bootstrap import bootstrap
from pix_certification.domain import centers as c
from pix_certification.entrypoints.http import create_app
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

LINK_KEY = "unit-center-invitation-link-key"
CERTIF = "7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
AT = "2025-03-01T09:30:00.000000Z"
BASE = "/api/certification"
REQUEST = {"institutionName": "Lycée Victor Hugo", "institutionType": "SCHOOL",
           "address": "1 rue de Paris, 69001 Lyon", "contactName": "Anne Martin",
           "contactEmail": "Anne.Martin@Lycee-Hugo.fr", "phone": "04 78 00 00 00",
           "message": "Nous voulons proposer la certification.\nMerci."}
VAULTS = ("accreditation_contacts", "center_invitations")


@dataclass
class Record:
    key: bytes | None
    value: bytes | None


def new_user() -> str:
    return str(uuid.uuid4())


def anonymized(user_id: str, position: int = 7) -> Envelope:
    return Envelope(id=str(uuid.uuid4()), type="UserAnonymized", schema_version=1, source="identity",
                    stream=f"user-{user_id}", position=position, occurred_at=AT, key=user_id,
                    data={"user_id": user_id, "anonymized_at": AT})


@dataclass
class Platform:
    """Certification on fakes, with its worker's centers loop and mailer run by `pump()`."""

    mails: Path
    clock: Clock = field(default_factory=Clock)
    mint: TokenMint = None
    db: FakeDatabase = field(default_factory=lambda: FakeDatabase(only_id_lookups=True))

    def __post_init__(self) -> None:
        self.mint = TokenMint(self.clock)
        env = {"PIX_MAIL_DIR": str(self.mails), "PIX_CERTIFICATION_CENTER_INVITATION_LINK_KEY": LINK_KEY,
               "PIX_PUBLIC_URL": "https://pix.example"}
        self.service = bootstrap(unit_settings("certification"), self.db, clock=self.clock, env=env)
        self.client = create_app(unit_settings("certification"), service_container=self.service, ready_checks={},
                                 verifier=self.mint.verifier()).test_client()
        self.delivered: set[str] = set()

    def headers(self, user_id: str | None, roles=()) -> dict:
        return {} if user_id is None else self.mint.headers(user_id, roles)

    def as_certif(self) -> dict:
        return self.headers(CERTIF, ("CERTIF",))

    def envelopes(self) -> list[Envelope]:
        """Every event appended so far, in commit order."""
        return [e for commit in self.db["events"].docs.values() for e in self.service.store.envelopes_of(commit)]

    def deliver(self, loop_name: str, envelope: Envelope) -> str:
        loops = [*self.service.subscriptions, *self.service.reactors]
        loop = next(s for s in loops if s.name == loop_name)
        outcome, error, _ = dispatcher_for(loop, "unit", sleep=lambda _: None).handle_record(
            Record(envelope.key.encode(), envelope.to_wire()))
        assert error is None, error
        return outcome

    def pump(self) -> None:
        """The worker: each new event once to the projection, then to the mailer."""
        for envelope in self.envelopes():
            if envelope.id not in self.delivered:
                self.delivered.add(envelope.id)
                self.deliver("centers", envelope)
                self.deliver("center-invitation-mails", envelope)

    def written(self) -> tuple:
        """What a refused call must leave as it was: the events and the vaults."""
        return (len(self.envelopes()), *(json.dumps(list(self.db[v].docs.values()), sort_keys=True) for v in VAULTS))

    def mail_for(self, address: str) -> email.message.Message:
        found = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                 for path in sorted(self.mails.glob("*.eml"))]
        mine = [m for m in found if m["To"] == address]
        assert len(mine) == 1, [m["To"] for m in found]
        return mine[0]

    def link_of(self, address: str) -> tuple[str, str]:
        """(invitation id, token) from the mail's link."""
        body = self.mail_for(address).get_content()
        match = re.search(r"https://pix\.example/centres-de-certification/invitations/([0-9a-f-]+)\?token=(\S+)",
                          body)
        assert match, body
        return match.group(1), match.group(2)

    # ---- the flows every test starts from ----

    def ask(self, **changes) -> str:
        answer = self.client.post(f"{BASE}/accreditation-requests", json={**REQUEST, **changes})
        assert answer.status_code == 201, answer.get_json()
        self.pump()
        return answer.get_json()["id"]

    def decide(self, request_id: str, decision: str = "ACCREDITED", reason: str = "", headers=None):
        answer = self.client.put(f"{BASE}/accreditation-requests/{request_id}/decision",
                                 headers=self.as_certif() if headers is None else headers,
                                 json={"decision": decision, "reason": reason})
        self.pump()
        return answer

    def accredit(self, **changes) -> tuple[str, str]:
        """(center id, the contact's address) of a new center."""
        address = f"contact-{uuid.uuid4().hex[:8]}@example.fr"
        request_id = self.ask(**{"contactEmail": address, **changes})
        answer = self.decide(request_id)
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()["centerId"], address

    def accept(self, user_id: str, address: str) -> dict:
        invitation_id, token = self.link_of(address)
        answer = self.client.post(f"{BASE}/invitations/{invitation_id}/acceptance", headers=self.headers(user_id),
                                  json={"token": token})
        assert answer.status_code == 200, answer.get_json()
        self.pump()
        return answer.get_json()

    def invite(self, center_id: str, admin: str, address: str, role: str = "MEMBER"):
        answer = self.client.post(f"{BASE}/centers/{center_id}/invitations", headers=self.headers(admin),
                                  json={"email": address, "role": role})
        self.pump()
        return answer

    def center_with_admin(self, name: str = "Lycée Victor Hugo") -> tuple[str, str]:
        """(center id, its first admin's user id)."""
        center_id, address = self.accredit(institutionName=name)
        admin = new_user()
        self.accept(admin, address)
        return center_id, admin

    def add_member(self, center_id: str, admin: str, role: str = "MEMBER") -> str:
        address = f"member-{uuid.uuid4().hex[:8]}@example.fr"
        assert self.invite(center_id, admin, address, role).status_code == 201
        member = new_user()
        self.accept(member, address)
        return member

    def center(self, center_id: str, user_id: str | None, roles=()):
        return self.client.get(f"{BASE}/centers/{center_id}", headers=self.headers(user_id, roles))


@pytest.fixture
def platform(tmp_path):
    return Platform(tmp_path / "mails")


def subject(mail) -> str:
    """A long subject is folded after "Subject:"; a mail client unfolds it without the space."""
    return str(mail["Subject"]).strip()


def message(answer) -> tuple[int, str, str]:
    body = answer.get_json()
    return answer.status_code, body["code"], body["message"]


def roles_of(platform, center_id: str, user_id: str) -> set[tuple[str, str]]:
    members = platform.center(center_id, user_id).get_json()["members"]
    return {(m["userId"], m["role"]) for m in members}


# ---- the whole flow -----------------------------------------------------------------------

def test_the_whole_flow_from_the_public_request_to_the_last_admin(platform):
    # The public page: no account, no token.
    answer = platform.client.post(f"{BASE}/accreditation-requests", json=REQUEST)
    assert answer.status_code == 201 and set(answer.get_json()) == {"id"}
    request_id = answer.get_json()["id"]
    platform.pump()
    requested = next(e for e in platform.envelopes() if e.type == "AccreditationRequested")
    assert requested.stream == f"center-request-{request_id}" and requested.key == request_id
    assert "anne" not in json.dumps(requested.data).lower() and "04 78" not in json.dumps(requested.data)

    # A CERTIF admin sees it with its contact, then accredits it.
    listed = platform.client.get(f"{BASE}/accreditation-requests", headers=platform.as_certif()).get_json()
    assert listed == {"requests": [{"id": request_id, "institutionName": "Lycée Victor Hugo",
                                    "institutionType": "SCHOOL", "address": "1 rue de Paris, 69001 Lyon",
                                    "requestedAt": AT, "contactName": "Anne Martin",
                                    "contactEmail": "anne.martin@lycee-hugo.fr", "phone": "04 78 00 00 00",
                                    "message": "Nous voulons proposer la certification.\nMerci."}]}
    decided = platform.decide(request_id)
    assert decided.status_code == 200
    center_id = decided.get_json()["centerId"]
    assert decided.get_json() == {"requestId": request_id, "status": "ACCREDITED", "centerId": center_id}
    assert platform.client.get(f"{BASE}/accreditation-requests", headers=platform.as_certif()).get_json() == {
        "requests": []}
    accredited, invited = [e for e in platform.envelopes() if e.stream == f"center-{center_id}"]
    assert (accredited.type, invited.type) == ("CenterAccredited", "CenterMemberInvited")
    assert invited.data["invited_by"] == "" and invited.data["role"] == "ADMIN"
    assert accredited.data["accredited_by"] == CERTIF and accredited.data["name"] == "Lycée Victor Hugo"

    # The contact's mail, in French, with the gateway page's link.
    mail = platform.mail_for("anne.martin@lycee-hugo.fr")
    assert subject(mail) == "Pix : votre établissement Lycée Victor Hugo est centre de certification"
    body = mail.get_content()
    assert "08/03/2025 09:30" in body and "administrateur" in body
    invitation_id, token = platform.link_of("anne.martin@lycee-hugo.fr")
    vaulted = platform.db["center_invitations"].find_one({"_id": invitation_id})
    assert token not in json.dumps(vaulted) and vaulted["token_hash"] == c.token_hash(token)

    # The contact signs in, opens the link, accepts: the first admin.
    admin = new_user()
    shown = platform.client.get(f"{BASE}/invitations/{invitation_id}?token={token}", headers=platform.headers(admin))
    assert shown.get_json() == {"centerId": center_id, "name": "Lycée Victor Hugo", "role": "ADMIN"}
    assert platform.accept(admin, "anne.martin@lycee-hugo.fr") == {"centerId": center_id}
    assert platform.db["center_invitations"].find_one({"_id": invitation_id})["email"] is None
    mine = platform.client.get(f"{BASE}/me/centers", headers=platform.headers(admin)).get_json()
    assert mine == {"centers": [{"id": center_id, "name": "Lycée Victor Hugo", "type": "SCHOOL",
                                 "address": "1 rue de Paris, 69001 Lyon", "role": "ADMIN"}]}
    assert platform.center(center_id, admin).get_json() == {
        "id": center_id, "name": "Lycée Victor Hugo", "type": "SCHOOL", "address": "1 rue de Paris, 69001 Lyon",
        "role": "ADMIN", "members": [{"userId": admin, "role": "ADMIN"}], "invitations": []}

    # The admin invites a MEMBER, who accepts and sees the center without its invitations.
    answer = platform.invite(center_id, admin, "Prof@Lycee-Hugo.fr")
    assert answer.status_code == 201
    pending = platform.center(center_id, admin).get_json()["invitations"]
    assert pending == [{"id": answer.get_json()["id"], "email": "prof@lycee-hugo.fr", "role": "MEMBER",
                        "expiresAt": "2025-03-08T09:30:00.000000Z"}]
    assert subject(platform.mail_for("prof@lycee-hugo.fr")) == (
        "Pix : invitation à rejoindre le centre de certification Lycée Victor Hugo")
    member = new_user()
    platform.accept(member, "prof@lycee-hugo.fr")
    seen = platform.center(center_id, member).get_json()
    assert seen["role"] == "MEMBER" and "invitations" not in seen
    assert roles_of(platform, center_id, member) == {(admin, "ADMIN"), (member, "MEMBER")}

    # Roles change; the last admin can neither step down nor leave; a removed member is gone.
    members = f"{BASE}/centers/{center_id}/members"
    last = platform.client.patch(f"{members}/{admin}", headers=platform.headers(admin), json={"role": "MEMBER"})
    assert message(last) == (409, "LAST_CENTER_ADMIN", "Le centre doit garder au moins un administrateur.")
    assert message(platform.client.delete(f"{members}/{admin}", headers=platform.headers(admin)))[:2] == (
        409, "LAST_CENTER_ADMIN")
    promoted = platform.client.patch(f"{members}/{member}", headers=platform.headers(admin), json={"role": "ADMIN"})
    assert promoted.status_code == 200 and promoted.get_json() == {"userId": member, "role": "ADMIN"}
    platform.pump()
    assert platform.client.delete(f"{members}/{admin}", headers=platform.headers(member)).status_code == 204
    platform.pump()
    assert roles_of(platform, center_id, member) == {(member, "ADMIN")}
    assert message(platform.center(center_id, admin))[:2] == (404, "CENTER_NOT_FOUND")
    assert platform.client.get(f"{BASE}/me/centers", headers=platform.headers(admin)).get_json() == {"centers": []}
    alone = platform.client.delete(f"{members}/{member}", headers=platform.headers(member))
    assert message(alone)[:2] == (409, "LAST_CENTER_ADMIN")
    types = [e.type for e in platform.envelopes()]
    assert types == ["AccreditationRequested", "CenterAccredited", "CenterMemberInvited", "CenterMemberJoined",
                     "CenterMemberInvited", "CenterMemberJoined", "CenterMemberRoleChanged", "CenterMemberRemoved"]


def test_the_mails_are_in_english_for_english_speakers(platform):
    answer = platform.client.post(f"{BASE}/accreditation-requests", headers={"Accept-Language": "en"},
                                  json={**REQUEST, "contactEmail": "boss@acme.com", "institutionName": "Acme"})
    platform.pump()
    assert platform.decide(answer.get_json()["id"]).status_code == 200
    mail = platform.mail_for("boss@acme.com")
    assert subject(mail) == "Pix: your institution Acme is a certification center"
    admin = new_user()
    center_id = platform.accept(admin, "boss@acme.com")["centerId"]
    invited = platform.client.post(f"{BASE}/centers/{center_id}/invitations",
                                   headers={**platform.headers(admin), "Accept-Language": "en"},
                                   json={"email": "dev@acme.com", "role": "MEMBER"})
    assert invited.status_code == 201
    platform.pump()
    mail = platform.mail_for("dev@acme.com")
    assert subject(mail) == "Pix: invitation to join the certification center Acme"
    assert "as a member" in mail.get_content()


def test_a_request_is_decided_once(platform):
    request_id = platform.ask()
    assert platform.decide(request_id).status_code == 200
    before = platform.written()
    for decision in ("ACCREDITED", "DECLINED"):
        again = platform.decide(request_id, decision, reason="Hors périmètre")
        assert message(again) == (409, "ACCREDITATION_REQUEST_ALREADY_DECIDED",
                                  "Cette demande d'agrément a déjà été traitée.")
    assert platform.written() == before
    declined_id = platform.ask()
    answer = platform.decide(declined_id, "DECLINED", reason="Établissement hors du périmètre\npour l'instant")
    assert answer.status_code == 200
    assert answer.get_json() == {"requestId": declined_id, "status": "DECLINED", "centerId": None}
    event = platform.envelopes()[-1]
    assert event.type == "AccreditationDeclined" and event.stream == f"center-request-{declined_id}"
    assert event.data["reason"] == "Établissement hors du périmètre\npour l'instant"
    assert message(platform.decide(declined_id))[:2] == (409, "ACCREDITATION_REQUEST_ALREADY_DECIDED")
    assert platform.client.get(f"{BASE}/accreditation-requests", headers=platform.as_certif()).get_json() == {
        "requests": []}


def test_a_decision_half_done_is_completed_by_the_same_decision(platform):
    """The crash: the vault says accredited (center id chosen), the events never landed."""
    request_id = platform.ask()
    center_id = str(uuid.uuid4())
    platform.db["accreditation_contacts"].update_one({"_id": request_id}, {"$set": {
        "decision": "ACCREDITED", "center_id": center_id, "decided_by": CERTIF, "decided_at": AT}})
    assert message(platform.decide(request_id, "DECLINED", reason="Non"))[:2] == (
        409, "ACCREDITATION_REQUEST_ALREADY_DECIDED")
    again = platform.decide(request_id)
    assert again.status_code == 200 and again.get_json()["centerId"] == center_id
    assert [e.type for e in platform.envelopes() if e.stream == f"center-{center_id}"] == [
        "CenterAccredited", "CenterMemberInvited"]
    platform.link_of("anne.martin@lycee-hugo.fr")  # the first admin's mail went out


def test_a_decline_half_done_is_completed_with_the_first_reason(platform):
    request_id = platform.ask()
    platform.db["accreditation_contacts"].update_one({"_id": request_id}, {"$set": {
        "decision": "DECLINED", "reason": "Hors périmètre", "decided_by": CERTIF, "decided_at": AT}})
    assert message(platform.decide(request_id))[:2] == (409, "ACCREDITATION_REQUEST_ALREADY_DECIDED")
    assert platform.decide(request_id, "DECLINED", reason="Autre raison").status_code == 200
    declined = [e.data for e in platform.envelopes() if e.type == "AccreditationDeclined"]
    assert [d["reason"] for d in declined] == ["Hors périmètre"]
    assert message(platform.decide(request_id, "DECLINED", reason="Encore"))[:2] == (
        409, "ACCREDITATION_REQUEST_ALREADY_DECIDED")
    assert not [e for e in platform.envelopes() if e.type == "CenterAccredited"]


def test_an_invitation_never_lowers_a_role(platform):
    center_id, admin = platform.center_with_admin()
    assert platform.invite(center_id, admin, "me-again@example.fr", "MEMBER").status_code == 201
    platform.accept(admin, "me-again@example.fr")
    assert roles_of(platform, center_id, admin) == {(admin, "ADMIN")}
    assert len([e for e in platform.envelopes() if e.type == "CenterMemberJoined"]) == 1


def test_an_unknown_request_is_not_found(platform):
    for request_id in (new_user(), "not:an.id"):
        answer = platform.decide(request_id)
        assert message(answer) == (404, "ACCREDITATION_REQUEST_NOT_FOUND", "Cette demande d'agrément n'existe pas.")


def test_a_used_invitation_works_once_and_a_double_click_changes_nothing(platform):
    _, address = platform.accredit()
    first, second = new_user(), new_user()
    invitation_id, token = platform.link_of(address)
    platform.accept(first, address)
    path = f"{BASE}/invitations/{invitation_id}/acceptance"
    again = platform.client.post(path, headers=platform.headers(second), json={"token": token})
    assert message(again) == (409, "CENTER_INVITATION_USED", "Cette invitation a déjà été utilisée.")
    shown = platform.client.get(f"{BASE}/invitations/{invitation_id}?token={token}", headers=platform.headers(second))
    assert message(shown)[:2] == (409, "CENTER_INVITATION_USED")
    joined = [e for e in platform.envelopes() if e.type == "CenterMemberJoined"]
    assert platform.client.post(path, headers=platform.headers(first), json={"token": token}).status_code == 200
    assert [e for e in platform.envelopes() if e.type == "CenterMemberJoined"] == joined


def test_an_expired_invitation_is_refused(platform):
    _, address = platform.accredit()
    invitation_id, token = platform.link_of(address)
    platform.clock.advance(days=7)
    user = platform.headers(new_user())
    shown = platform.client.get(f"{BASE}/invitations/{invitation_id}?token={token}", headers=user)
    assert message(shown) == (410, "CENTER_INVITATION_EXPIRED", "Cette invitation a expiré : demandez-en une "
                                                                "nouvelle à l'administrateur du centre.")
    accepted = platform.client.post(f"{BASE}/invitations/{invitation_id}/acceptance", headers=user,
                                    json={"token": token})
    assert message(accepted)[:2] == (410, "CENTER_INVITATION_EXPIRED")
    assert platform.db["center_invitations"].find_one({"_id": invitation_id})["status"] == "pending"


def test_a_wrong_token_or_id_is_not_found(platform):
    _, address = platform.accredit()
    invitation_id, token = platform.link_of(address)
    user = platform.headers(new_user())
    for path in (f"{invitation_id}?token={token}x", f"{new_user()}?token={token}", f"person:x?token={token}"):
        answer = platform.client.get(f"{BASE}/invitations/{path}", headers=user)
        assert message(answer) == (404, "CENTER_INVITATION_NOT_FOUND", "Cette invitation n'existe pas.")
    answer = platform.client.post(f"{BASE}/invitations/{invitation_id}/acceptance", headers=user,
                                  json={"token": "x" + token})
    assert message(answer)[:2] == (404, "CENTER_INVITATION_NOT_FOUND")
    assert platform.db["center_invitations"].find_one({"_id": invitation_id})["status"] == "pending"


def test_an_admin_removes_a_member_and_a_member_may_leave(platform):
    center_id, admin = platform.center_with_admin()
    first, second = platform.add_member(center_id, admin), platform.add_member(center_id, admin)
    members = f"{BASE}/centers/{center_id}/members"
    assert platform.client.delete(f"{members}/{first}", headers=platform.headers(admin)).status_code == 204
    assert platform.client.delete(f"{members}/{second}", headers=platform.headers(second)).status_code == 204
    platform.pump()
    for gone in (first, second):
        assert message(platform.center(center_id, gone))[:2] == (404, "CENTER_NOT_FOUND")
    unknown = platform.client.delete(f"{members}/{first}", headers=platform.headers(admin))
    assert message(unknown) == (404, "CENTER_MEMBER_NOT_FOUND", "Cette personne n'est pas membre du centre.")
    changed = platform.client.patch(f"{members}/{new_user()}", headers=platform.headers(admin), json={"role": "ADMIN"})
    assert message(changed)[:2] == (404, "CENTER_MEMBER_NOT_FOUND")


def test_the_centers_stream_decides_even_when_the_read_model_lags(platform):
    """A removed admin whose membership document still says ADMIN is refused by the stream."""
    center_id, admin = platform.center_with_admin()
    other = platform.add_member(center_id, admin, "ADMIN")
    assert platform.client.delete(f"{BASE}/centers/{center_id}/members/{admin}",
                                  headers=platform.headers(other)).status_code == 204
    # not delivered yet: the read model still lists `admin` as ADMIN
    assert platform.db["memberships"].find_one({"_id": f"center:{center_id}:{admin}"})["role"] == "ADMIN"
    before = platform.written()
    answer = platform.client.post(f"{BASE}/centers/{center_id}/invitations", headers=platform.headers(admin),
                                  json={"email": "late@example.fr", "role": "MEMBER"})
    assert message(answer)[:2] == (403, "FORBIDDEN")
    assert platform.written() == before


# ---- bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "wire_field", "code"), [
    ({"institutionName": "  "}, "institutionName", "REQUIRED"),
    ({"institutionName": "n" * 256}, "institutionName", "TOO_LONG"),
    ({"institutionName": "Lycée\u202eHugo"}, "institutionName", "CONTROL_CHARACTERS"),
    ({"institutionType": ""}, "institutionType", "REQUIRED"),
    ({"institutionType": "CASTLE"}, "institutionType", "UNKNOWN_TYPE"),
    ({"address": ""}, "address", "REQUIRED"),
    ({"address": "a" * 256}, "address", "TOO_LONG"),
    ({"contactName": ""}, "contactName", "REQUIRED"),
    ({"contactName": "Anne\x1bMartin"}, "contactName", "CONTROL_CHARACTERS"),
    ({"contactEmail": ""}, "contactEmail", "REQUIRED"),
    ({"contactEmail": "anne-at-lycee"}, "contactEmail", "INVALID_EMAIL"),
    ({"contactEmail": "a@b.fr" + "x" * 255}, "contactEmail", "TOO_LONG"),
    ({"phone": "call me"}, "phone", "INVALID_PHONE"),
    ({"phone": "0" * 31}, "phone", "TOO_LONG"),
    ({"message": ""}, "message", "REQUIRED"),
    ({"message": "m" * 2001}, "message", "TOO_LONG"),
    ({"message": "bonjour\x00"}, "message", "CONTROL_CHARACTERS"),
])
def test_every_bad_field_of_the_request_is_refused_with_its_code_and_nothing_is_written(platform, changes,
                                                                                       wire_field, code):
    before = platform.written()
    answer = platform.client.post(f"{BASE}/accreditation-requests", json={**REQUEST, **changes})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == "INVALID_ACCREDITATION_REQUEST" and body["details"] == {wire_field: code}
    assert platform.written() == before


def test_an_empty_request_names_every_required_field_at_once(platform):
    answer = platform.client.post(f"{BASE}/accreditation-requests", json={}, headers={"Accept-Language": "en"})
    assert message(answer) == (422, "INVALID_ACCREDITATION_REQUEST", "Some of the request's details are missing "
                                                                     "or wrong.")
    assert answer.get_json()["details"] == dict.fromkeys(
        ("institutionName", "institutionType", "address", "contactName", "contactEmail", "message"), "REQUIRED")
    assert platform.envelopes() == []


@pytest.mark.parametrize(("body", "field_name", "code"), [
    ({**REQUEST, "phone": 33478000000}, "phone", "STRING_INVALID"),
    ({**REQUEST, "website": "https://x.fr"}, "website", "UNKNOWN_FIELD"),
])
def test_a_body_of_the_wrong_shape_is_refused_before_the_rules(platform, body, field_name, code):
    answer = platform.client.post(f"{BASE}/accreditation-requests", json=body)
    assert answer.status_code == 422
    assert [e["code"] for e in answer.get_json()["details"]["fields"][field_name]] == [code]
    assert platform.envelopes() == []


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"decision": "DECLINED", "reason": "  "}, 422, "DECLINE_REASON_REQUIRED"),
    ({"decision": "DECLINED"}, 422, "DECLINE_REASON_REQUIRED"),
    ({"decision": "DECLINED", "reason": "r" * 2001}, 422, "INVALID_ACCREDITATION_REQUEST"),
    ({"decision": "DECLINED", "reason": "non\x07"}, 422, "INVALID_ACCREDITATION_REQUEST"),
    ({"decision": "MAYBE"}, 422, "VALIDATION_ERROR"),
    ({}, 422, "VALIDATION_ERROR"),
])
def test_a_bad_decision_is_refused_and_nothing_is_written(platform, body, status, code):
    request_id = platform.ask()
    before = platform.written()
    answer = platform.client.put(f"{BASE}/accreditation-requests/{request_id}/decision",
                                 headers=platform.as_certif(), json=body)
    assert (answer.status_code, answer.get_json()["code"]) == (status, code), answer.get_json()
    if code == "INVALID_ACCREDITATION_REQUEST":
        assert set(answer.get_json()["details"]) == {"reason"}
    assert platform.written() == before
    assert platform.decide(request_id).status_code == 200  # still pending


@pytest.mark.parametrize(("body", "field_name", "code"), [
    ({"email": "not-an-address", "role": "MEMBER"}, "email", "EMAIL_INVALID"),
    ({"email": "a@" + ".".join([label * 60 for label in "bcdef"]) + ".fr", "role": "MEMBER"}, "email",
     "CENTER_INVITATION_EMAIL_TOO_LONG"),
    ({"role": "MEMBER"}, "email", "REQUIRED"),
    ({"email": "x@y.fr", "role": "OWNER"}, "role", "UNKNOWN_MEMBER_ROLE"),
    ({"email": "x@y.fr"}, "role", "REQUIRED"),
])
def test_a_bad_invitation_is_refused_and_nothing_is_written(platform, body, field_name, code):
    center_id, admin = platform.center_with_admin()
    before = platform.written()
    answer = platform.client.post(f"{BASE}/centers/{center_id}/invitations", headers=platform.headers(admin),
                                  json=body)
    assert answer.status_code == 422
    assert code in [e["code"] for e in answer.get_json()["details"]["fields"][field_name]]
    assert platform.written() == before


def test_a_bad_role_change_is_refused(platform):
    center_id, admin = platform.center_with_admin()
    member = platform.add_member(center_id, admin)
    before = platform.written()
    answer = platform.client.patch(f"{BASE}/centers/{center_id}/members/{member}", headers=platform.headers(admin),
                                   json={"role": "OWNER"})
    assert answer.status_code == 422
    assert [e["code"] for e in answer.get_json()["details"]["fields"]["role"]] == ["UNKNOWN_MEMBER_ROLE"]
    assert platform.written() == before


# ---- who may call what --------------------------------------------------------------------

CALLERS = ("anonymous", "person", "member_a", "admin_a", "member_b", "certif")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    platform = Platform(tmp_path_factory.mktemp("mails"))
    a, admin_a = platform.center_with_admin("Collège Victor Hugo")
    b, admin_b = platform.center_with_admin("Centre Secret")
    member_a, member_b = platform.add_member(a, admin_a), platform.add_member(b, admin_b)
    assert platform.invite(b, admin_b, "pending-b@secret.fr").status_code == 201
    assert platform.invite(a, admin_a, "pending-a@a.fr").status_code == 201
    invitation_a, token_a = platform.link_of("pending-a@a.fr")
    request_id = platform.ask(contactEmail="pending-request@c.fr")
    callers = {"anonymous": None, "person": new_user(), "member_a": member_a, "admin_a": admin_a,
               "member_b": member_b, "certif": CERTIF}
    return {"platform": platform, "a": a, "b": b, "admin_b": admin_b, "callers": callers,
            "invitation_a": invitation_a, "token_a": token_a, "request": request_id}


def call(world, who: str, method: str, path: str, body=None):
    platform = world["platform"]
    headers = platform.as_certif() if who == "certif" else platform.headers(world["callers"][who])
    path = path.format(a=world["a"], target=world["callers"]["member_a"], invitation_a=world["invitation_a"],
                       token_a=world["token_a"], request=world["request"])
    return platform.client.open(path, method=method, headers=headers, json=body)


# What each caller gets, in CALLERS' order; None: allowed and changing A, run by the flow tests.
READS = [
    ("GET", f"{BASE}/accreditation-requests", None, (401, 403, 403, 403, 403, 200)),
    ("GET", f"{BASE}/me/centers", None, (401, 200, 200, 200, 200, 200)),
    ("GET", f"{BASE}/centers/{{a}}", None, (401, 404, 200, 200, 404, 200)),
    ("GET", f"{BASE}/invitations/{{invitation_a}}?token={{token_a}}", None, (401, 200, 200, 200, 200, 200)),
]
REFUSED_WRITES = [
    ("PUT", f"{BASE}/accreditation-requests/{{request}}/decision", {"decision": "ACCREDITED"},
     (401, 403, 403, 403, 403, None)),
    ("PUT", f"{BASE}/accreditation-requests/{{request}}/decision", {"decision": "DECLINED", "reason": "Non"},
     (401, 403, 403, 403, 403, None)),
    ("POST", f"{BASE}/centers/{{a}}/invitations", {"email": "new@a.fr", "role": "MEMBER"},
     (401, 404, 403, None, 404, 404)),
    ("PATCH", f"{BASE}/centers/{{a}}/members/{{target}}", {"role": "ADMIN"}, (401, 404, 403, None, 404, 404)),
    ("DELETE", f"{BASE}/centers/{{a}}/members/{{target}}", None, (401, 404, None, None, 404, 404)),
    ("POST", f"{BASE}/invitations/{{invitation_a}}/acceptance", {"token": "not-the-token"},
     (401, 404, 404, 404, 404, 404)),
]
CASES = [(who, method, path, body, expected[i]) for method, path, body, expected in READS + REFUSED_WRITES
         for i, who in enumerate(CALLERS) if expected[i] is not None]


@pytest.mark.parametrize(("who", "method", "path", "body", "status"), CASES)
def test_the_matrix(world, who, method, path, body, status):
    before = world["platform"].written()
    answer = call(world, who, method, path, body)
    assert answer.status_code == status, answer.get_json()
    codes = {401: {"UNAUTHENTICATED", "UNAUTHORIZED", "INVALID_TOKEN"}, 403: {"FORBIDDEN"},
             404: {"CENTER_INVITATION_NOT_FOUND"} if "/invitations/" in path else {"CENTER_NOT_FOUND"}}
    if status in codes:
        assert answer.get_json()["code"] in codes[status]
    assert world["platform"].written() == before  # reads and refusals write nothing


@pytest.mark.parametrize("who", CALLERS[1:])
def test_nothing_of_b_leaks_to_callers_about_a(world, who):
    secrets_of_b = {world["b"], "Centre Secret", world["admin_b"], world["callers"]["member_b"],
                    "pending-b@secret.fr"}
    if who == "member_b":
        secrets_of_b -= {world["b"], "Centre Secret", world["callers"]["member_b"]}  # their own, in /me/centers
    for method, path, body, _ in READS:
        if path.endswith("/accreditation-requests"):
            continue  # the CERTIF list is about requests, not centers
        text = json.dumps(call(world, who, method, path, body).get_json(), ensure_ascii=False)
        assert not [s for s in secrets_of_b if s in text], (who, path, text)


def test_an_unknown_id_and_another_center_answer_alike(world):
    platform = world["platform"]
    member_a = platform.headers(world["callers"]["member_a"])
    theirs = platform.client.get(f"{BASE}/centers/{world['b']}", headers=member_a)
    unknown = platform.client.get(f"{BASE}/centers/{new_user()}", headers=member_a)
    junk = platform.client.get(f"{BASE}/centers/not:an.id", headers=member_a)
    assert theirs.status_code == unknown.status_code == junk.status_code == 404
    assert theirs.get_json() == unknown.get_json() == junk.get_json()
    certif_unknown = platform.client.get(f"{BASE}/centers/{new_user()}", headers=platform.as_certif())
    assert message(certif_unknown)[:2] == (404, "CENTER_NOT_FOUND")


def test_a_certif_admin_reads_any_center_without_being_a_member_and_sees_no_invitations(world):
    platform = world["platform"]
    answer = platform.client.get(f"{BASE}/centers/{world['b']}", headers=platform.as_certif()).get_json()
    assert answer["role"] is None and answer["name"] == "Centre Secret" and "invitations" not in answer
    assert len(answer["members"]) == 2

