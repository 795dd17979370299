"""What the campaigns tests share (no tests here): sharing's real bootstrap and app on the
strict fake store, organizations and members set as their own loop leaves them, people and
profiles as sharing's copies hold them, and the "campaigns" loop run by hand over the events
the command side appended (and assessment's CampaignAssessmentCompleted)."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from pix_contracts.framework import COMPETENCE_CODES
from pix_sharing.bootstrap import bootstrap
from pix_sharing.entrypoints.http import create_app
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.memberships import memberships_of
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

SUPER = "0b7e4c1a-5f3d-4e2a-9c8b-1d6f0a2e3b4c"
AT = "2025-03-01T09:30:00.000000Z"


@dataclass
class Record:
    key: bytes | None
    value: bytes | None


def new_id() -> str:
    return str(uuid.uuid4())


def canonical(db, names) -> dict:
    """The collections as sorted JSON: what "byte-identical" compares."""
    return {name: json.dumps(db[name].docs, sort_keys=True) for name in names}


@dataclass
class Platform:
    clock: Clock = field(default_factory=Clock)
    db: FakeDatabase = field(default_factory=lambda: FakeDatabase(only_id_lookups=True))

    def __post_init__(self) -> None:
        self.mint = TokenMint(self.clock)
        self.service = bootstrap(unit_settings("sharing"), self.db, clock=self.clock, env={})
        self.client = create_app(unit_settings("sharing"), service_container=self.service, ready_checks={},
                                 verifier=self.mint.verifier()).test_client()
        self.delivered: set[str] = set()
        self.log: list[Envelope] = []  # what the "campaigns" loop was given, in order
        self.position = 0

    # ---- the world ---------------------------------------------------------------------
    def organization(self, type_: str = "PRO", name: str = "Lycée Berlioz") -> str:
        org = new_id()
        self.db["organizations"].insert_one({"_id": org, "display_name": name, "type": type_, "code": "ABCD-2345"})
        return org

    def member(self, org: str, role: str = "MEMBER", user: str | None = None) -> str:
        user = user or new_id()
        self.position += 1
        memberships_of(self.db).grant("organization", org, user, role, self.position)
        return user

    def person(self, first: str = "Élodie", last: str = "Martin", user: str | None = None) -> str:
        user = user or new_id()
        self.db["people"].update_one({"_id": user}, {"$set": {"first_name": first, "last_name": last,
                                                              "email": f"{user}@example.fr"}}, upsert=True)
        return user

    def profile(self, user: str, levels: dict[str, int]) -> None:
        competences = [{"code": c, "level": levels.get(c, 0), "pix": levels.get(c, 0) * 8, "progress": 0}
                       for c in COMPETENCE_CODES]
        self.db["profiles"].update_one({"_id": user}, {"$set": {
            "total_pix": sum(c["pix"] for c in competences), "competences": competences, "updated_at": AT}},
            upsert=True)

    def headers(self, user: str | None, roles=()) -> dict:
        return {} if user is None else self.mint.headers(user, roles)

    def as_super(self) -> dict:
        return self.headers(SUPER, ("SUPER_ADMIN",))

    # ---- the API -----------------------------------------------------------------------
    def create(self, org: str, member: str, kind: str = "ASSESSMENT", **body) -> dict:
        payload = {"title": "Rentrée 2025", "kind": kind,
                   "targetCompetences": ["1.1", "3.4"] if kind == "ASSESSMENT" else [], "targetTubes": [],
                   "multipleSendings": False, **body}
        answer = self.client.post(f"/api/organizations/{org}/campaigns", json=payload, headers=self.headers(member))
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    def join(self, user: str, code: str, **body):
        return self.client.post("/api/campaigns/participations", json={"campaignCode": code, **body},
                                headers=self.headers(user))

    def share(self, user: str, participation: str):
        return self.client.post(f"/api/campaigns/participations/{participation}/share", headers=self.headers(user))

    def retry(self, user: str, participation: str):
        return self.client.post(f"/api/campaigns/participations/{participation}/retry", headers=self.headers(user))

    def participation(self, user: str, participation: str):
        return self.client.get(f"/api/campaigns/participations/{participation}", headers=self.headers(user))

    # ---- the worker --------------------------------------------------------------------
    def envelopes(self) -> list[Envelope]:
        return [e for commit in self.db["events"].docs.values() for e in self.service.store.envelopes_of(commit)]

    def deliver(self, envelope: Envelope, loop_name: str = "campaigns") -> str:
        loop = next(s for s in self.service.subscriptions if s.name == loop_name)
        if loop_name == "campaigns":
            self.log.append(envelope)
        outcome, error, _ = dispatcher_for(loop, "unit", sleep=lambda _: None).handle_record(
            Record(envelope.key.encode(), envelope.to_wire()))
        assert error is None, error
        return outcome

    def pump(self) -> None:
        for envelope in self.envelopes():
            if envelope.id not in self.delivered:
                self.delivered.add(envelope.id)
                self.deliver(envelope)

    def completed(self, participation: str, user: str, campaign: str, mastery: int = 42,
                  competences=(("1.1", 2, 4), ("3.4", 1, 3))) -> Envelope:
        """Assessment's CampaignAssessmentCompleted for a participation's test."""
        figures = [{"code": c, "validated": v, "total": t, "mastery_rate": v * 100 // t} for c, v, t in competences]
        data = {"assessment_id": participation, "participation_id": participation, "campaign_id": campaign,
                "user_id": user, "completed_at": "2025-03-01T10:00:00.000000Z",
                "target_skills": ["@motscles1", "@motscles2", "@requetes1"], "validated_skills": ["@motscles1"],
                "invalidated_skills": ["@motscles2"], "mastery_rate": mastery, "competences": figures}
        return Envelope(id=new_id(), type="CampaignAssessmentCompleted", schema_version=1, source="assessment",
                        stream=f"campaign-{participation}", position=12, occurred_at=AT, key=user, data=data)

    def anonymized(self, user: str) -> Envelope:
        return Envelope(id=new_id(), type="UserAnonymized", schema_version=1, source="identity",
                        stream=f"user-{user}", position=3, occurred_at=AT, key=user,
                        data={"user_id": user, "anonymized_at": AT})
