"""What the organizations tests share (no tests here): sharing's real bootstrap and app on
the strict fake store, a token mint for callers, and the worker's loops run by hand over
the events the command side appended."""
from __future__ import annotations

import email
import email.policy
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from pix_sharing.bootstrap import bootstrap
from pix_sharing.entrypoints.http import create_app
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

LINK_KEY = "unit-invitation-link-key"
SUPER = "0b7e4c1a-5f3d-4e2a-9c8b-1d6f0a2e3b4c"
AT = "2025-03-01T09:30:00.000000Z"


@dataclass
class Record:
    key: bytes | None
    value: bytes | None


def new_user() -> str:
    return str(uuid.uuid4())


@dataclass
class Platform:
    """Sharing on fakes, with its worker's loops run by `pump()`."""

    mails: Path
    clock: Clock = field(default_factory=Clock)
    mint: TokenMint = None
    # Strict whatever the fixture's scope: a query not anchored on `_id` fails the test.
    db: FakeDatabase = field(default_factory=lambda: FakeDatabase(only_id_lookups=True))

    def __post_init__(self) -> None:
        self.mint = TokenMint(self.clock)
        env = {"PIX_MAIL_DIR": str(self.mails), "PIX_SHARING_INVITATION_LINK_KEY": LINK_KEY,
               "PIX_PUBLIC_URL": "https://pix.example"}
        self.service = bootstrap(unit_settings("sharing"), self.db, clock=self.clock, env=env)
        self.client = create_app(unit_settings("sharing"), service_container=self.service, ready_checks={},
                                 verifier=self.mint.verifier()).test_client()
        self.delivered: set[str] = set()

    def headers(self, user_id: str | None, roles=()) -> dict:
        return {} if user_id is None else self.mint.headers(user_id, roles)

    def as_super(self) -> dict:
        return self.headers(SUPER, ("SUPER_ADMIN",))

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
                self.deliver("organizations", envelope)
                self.deliver("invitation-mails", envelope)

    def mail_for(self, address: str) -> email.message.Message:
        found = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                 for path in sorted(self.mails.glob("*.eml"))]
        mine = [m for m in found if m["To"] == address]
        assert len(mine) == 1, [m["To"] for m in found]
        return mine[0]

    def link_of(self, address: str) -> tuple[str, str]:
        """(invitation id, token) from the mail's link."""
        body = self.mail_for(address).get_content()
        match = re.search(r"https://pix\.example/organisations/invitation/([0-9a-f-]+)\?jeton=(\S+)", body)
        assert match, body
        return match.group(1), match.group(2)

    # ---- the flows every test starts from ----

    def create(self, name="Lycée Jean Moulin", kind="SCO", admin_email="direction@lycee.fr") -> dict:
        answer = self.client.post("/api/organizations", headers=self.as_super(),
                                  json={"displayName": name, "type": kind, "adminEmail": admin_email})
        assert answer.status_code == 201, answer.get_json()
        self.pump()
        return answer.get_json()

    def accept(self, user_id: str, address: str) -> dict:
        invitation_id, token = self.link_of(address)
        answer = self.client.post(f"/api/organizations/invitations/{invitation_id}/accept",
                                  headers=self.headers(user_id), json={"token": token})
        assert answer.status_code == 200, answer.get_json()
        self.pump()
        return answer.get_json()

    def invite(self, organization_id: str, admin: str, address: str, role: str = "MEMBER"):
        answer = self.client.post(f"/api/organizations/{organization_id}/invitations", headers=self.headers(admin),
                                  json={"email": address, "role": role})
        self.pump()
        return answer

    def organization_with_admin(self, name="Lycée Jean Moulin", kind="SCO") -> tuple[str, str]:
        """(organization id, its admin's user id)."""
        address = f"admin-{uuid.uuid4().hex[:8]}@example.fr"
        organization = self.create(name, kind, address)
        admin = new_user()
        self.accept(admin, address)
        return organization["id"], admin

    def add_member(self, organization_id: str, admin: str, role: str = "MEMBER") -> str:
        address = f"member-{uuid.uuid4().hex[:8]}@example.fr"
        assert self.invite(organization_id, admin, address, role).status_code == 201
        member = new_user()
        self.accept(member, address)
        return member

    def person(self, user_id: str, first_name: str, last_name: str) -> None:
        """The people copy, as the people topic fills it."""
        self.db["people"].insert_one({"_id": user_id, "first_name": first_name, "last_name": last_name,
                                      "email": f"{user_id}@example.fr", "updated_at": AT})


def anonymized(user_id: str, position: int = 7) -> Envelope:
    return Envelope(id=str(uuid.uuid4()), type="UserAnonymized", schema_version=1, source="identity",
                    stream=f"user-{user_id}", position=position, occurred_at=AT, key=user_id,
                    data={"user_id": user_id, "anonymized_at": AT})
