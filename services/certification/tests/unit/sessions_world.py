"""A certification service for the sessions' tests: the real bootstrap and app over the strict
fake store, centers and members set as the centers' loop leaves them, and the "sessions" loop
fed with what the store holds."""
from __future__ import annotations

import base64
import io
import uuid

from openpyxl import Workbook
from pix_certification.bootstrap import bootstrap
from pix_certification.domain.candidates import HEADERS
from pix_certification.entrypoints.http import create_app
from pixkit.dispatch import dispatcher_for
from pixkit.memberships import memberships_of
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

MINT = TokenMint()
DETAILS = {"address": "12 rue des Écoles, 75005 Paris", "room": "Salle B12", "examiner": "Mme Durand",
           "date": "2026-12-10", "time": "09:30", "description": "Apporter une pièce d'identité"}


def candidate(last="Dupont", first="Élise", birth="2001-04-05", **extra) -> dict:
    return {"lastName": last, "firstName": first, "sex": "F", "birthDate": birth, "birthCity": "Lyon",
            "birthPostalCode": "69001", "birthCountry": "France", "email": f"{first.lower()}@example.fr",
            "billingMode": "free", **extra}


def sheet(rows: list[list]) -> dict:
    """An .xlsx import body: the template's header, then `rows`."""
    book = Workbook()
    page = book.active
    page.append(list(HEADERS))
    for row in rows:
        page.append(row)
    out = io.BytesIO()
    book.save(out)
    return {"fileName": "candidats.xlsx", "content": base64.b64encode(out.getvalue()).decode()}


class Record:
    def __init__(self, key: str, value: bytes | None) -> None:
        self.key, self.value = key.encode(), value


class World:
    def __init__(self) -> None:
        self.clock = Clock()
        self.service = bootstrap(unit_settings("certification"), FakeDatabase(only_id_lookups=True),
                                 clock=self.clock, env={})
        self.client = create_app(unit_settings("certification"), self.service, ready_checks={},
                                 verifier=MINT.verifier()).test_client()
        self.memberships = memberships_of(self.service.db)
        self.position = 0
        self.delivered: dict[str, int] = {}

    def member(self, center_id: str, role: str = "ADMIN") -> str:
        user_id = str(uuid.uuid4())
        self.position += 1
        self.memberships.grant("center", center_id, user_id, role, self.position)
        return user_id

    @staticmethod
    def headers(user_id: str | None, **claims) -> dict:
        return MINT.headers(user_id, **claims) if user_id else {}

    def call(self, method: str, path: str, who: str | None, **kwargs):
        return self.client.open(path, method=method, headers=self.headers(who), **kwargs)

    def create(self, center_id: str, who: str, **details) -> dict:
        answer = self.call("POST", f"/api/certification/centers/{center_id}/sessions", who,
                           json={**DETAILS, **details})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    def session(self, session_id: str, who: str) -> dict:
        answer = self.call("GET", f"/api/certification/sessions/{session_id}", who)
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()

    def project(self, session_id: str) -> None:
        """What the worker's "sessions" loop does with the session's new events."""
        subscription = next(s for s in self.service.subscriptions if s.name == "sessions")
        dispatcher = dispatcher_for(subscription, "unit", sleep=lambda _: None)
        stream = f"session-{session_id}"
        for envelope in self.service.store.read_stream(stream)[self.delivered.get(stream, 0):]:
            outcome, error, _ = dispatcher.handle_record(Record(session_id, envelope.to_wire()))
            assert (outcome, error) == ("handled", None)
            self.delivered[stream] = envelope.position

    def events(self, session_id: str) -> list:
        return self.service.store.read_stream(f"session-{session_id}")


ELIGIBLE = {"1.1": 3, "1.2": 2, "2.1": 4, "3.1": 1, "4.1": 2, "5.1": 1}


class ExamWorld(World):
    """A session with candidates, people who join it, and its invigilator."""

    def levels(self, user_id: str, levels: dict[str, int]) -> None:
        """As the "profiles" loop leaves certification's copy of ProfileUpdated."""
        self.service.db["profiles"].insert_one({"_id": user_id,
                                                "levels": {c.replace(".", "_"): v for c, v in levels.items()}})

    def session_with(self, center_id: str, *people: dict) -> tuple[str, dict]:
        admin = self.member(center_id)
        created = self.create(center_id, admin)
        for fields in people:
            answer = self.call("POST", f"/api/certification/sessions/{created['id']}/candidates", admin, json=fields)
            assert answer.status_code == 201, answer.get_json()
        return admin, created

    def join(self, user_id: str, code: str, fields: dict):
        return self.call("POST", "/api/certification/joins", user_id,
                         json={"accessCode": code, "lastName": fields["lastName"], "firstName": fields["firstName"],
                               "birthDate": fields["birthDate"]})

    def invigilate(self, code: str, password: str) -> str:
        answer = self.client.post("/api/certification/invigilation", json={"accessCode": code, "password": password})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()["token"]

    def as_invigilator(self, method: str, path: str, token: str | None, **kwargs):
        headers = {"Authorization": f"Invigilator {token}"} if token else {}
        return self.client.open(f"/api/certification/invigilation{path}", method=method, headers=headers, **kwargs)


def envelope_of(kind: str, data: dict, *, source: str, stream: str, position: int, key: str):
    from pixkit.events import Envelope
    return Envelope(id=str(uuid.uuid4()), type=kind, schema_version=1, source=source, stream=stream,
                    position=position, occurred_at="2026-12-10T10:00:00.000000Z", key=key, data=data)


class ResultsWorld(ExamWorld):
    """And the loops after the exam: assessment's end of a test reaches the "courses" reactor,
    the sessions' and courses' events reach every loop that reads them."""

    def loop(self, name: str):
        return next(s for s in [*self.service.subscriptions, *self.service.reactors] if s.name == name)

    def deliver(self, name: str, envelope) -> None:
        dispatcher = dispatcher_for(self.loop(name), "unit", sleep=lambda _: None)
        outcome, error, _ = dispatcher.handle_record(Record(envelope.key, envelope.to_wire()))
        assert (outcome, error) == ("handled", None), (outcome, error)

    def pump(self, *names: str) -> None:
        """Every new event of every certification stream to the loops `names`, in order, until
        what they append has been delivered too."""
        store, moved = self.service.store, True
        while moved:
            moved = False
            for stream in sorted({doc["stream"] for doc in store.events.docs.values()}):
                done = self.delivered.get(f"{names}:{stream}", 0)
                for envelope in store.read_stream(stream)[done:]:
                    for name in names:
                        if envelope.type in self.loop(name).handlers:
                            self.deliver(name, envelope)
                    self.delivered[f"{names}:{stream}"] = envelope.position
                    moved = True

    def assessment_says(self, kind: str, data: dict, position: int) -> None:
        stream = f"certification-{data['course_id']}"
        self.deliver("courses", envelope_of(kind, data, source="assessment", stream=stream, position=position,
                                            key=data["user_id"]))
