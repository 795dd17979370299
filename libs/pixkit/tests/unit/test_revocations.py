"""pixkit.revocations: the copy every service keeps of what identity revoked, and the check
`caller()` makes with it after the signature."""
import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from pix_contracts import registry
from pixkit import revocations
from pixkit.auth import Claims, InvalidToken
from pixkit.events import Envelope
from pixkit.testing import FakeDatabase, LosesTheRace, TokenMint, unit_settings
from pixkit.web import access
from pixkit.web.app import create_base_app, use_container
from pixkit.web.container import ServiceContainer

USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
S1, S2, S3 = (str(uuid.UUID(int=n)) for n in (1, 2, 3))
T0 = datetime(2025, 3, 14, 15, 0, tzinfo=UTC)
positions = itertools.count(1)


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def envelope(type_name: str, data: dict) -> Envelope:
    data = registry.validate_data(type_name, 1, data)  # what the consumer hands handlers
    return Envelope(id=str(uuid.uuid4()), type=type_name, schema_version=1, source="identity",
                    stream=f"user-{USER}", position=next(positions), occurred_at=iso(T0), key=USER, data=data)


def logout(session_id: str, at: datetime = T0) -> Envelope:
    return envelope("AccessRevoked", {"user_id": USER, "reason": "logout", "revoked_at": iso(at), "epoch": None,
                                      "session_id": session_id, "session_expires_at": iso(at + timedelta(minutes=15))})


def all_sessions(epoch: int, reason: str = "roles_changed") -> Envelope:
    return envelope("AccessRevoked", {"user_id": USER, "reason": reason, "revoked_at": iso(T0), "epoch": epoch,
                                      "session_id": None, "session_expires_at": None})


def erased() -> Envelope:
    return envelope("UserAnonymized", {"user_id": USER, "anonymized_at": iso(T0)})


def project(events) -> dict | None:
    db = FakeDatabase()
    sub = revocations.subscription(unit_settings("assessment"), db)
    for event in events:
        for handler in sub.handlers[event.type]:
            handler(event)
    return db[revocations.COLLECTION].find_one({"_id": USER})


def claims(session_id: str | None = S1, epoch: int = 0, user_id: str = USER) -> Claims:
    return Claims(user_id, (), T0 + timedelta(minutes=15), "j1", session_id, epoch)


def verdict(doc: dict | None, token: Claims) -> str | None:
    db = FakeDatabase()
    if doc is not None:
        db[revocations.COLLECTION].insert_one(doc)
    return revocations.RevocationCheck(db[revocations.COLLECTION]).refusal(token)


def test_the_subscription_reads_identity_events_in_a_group_of_its_own():
    sub = revocations.subscription(unit_settings("assessment", topic_prefix="t1."), FakeDatabase())
    assert sub.name == "access-revocations" and sub.topics == ["t1.pix.identity.events"]
    assert set(sub.handlers) == {"UserAnonymized", "AccessRevoked"}


def test_projection_records_sessions_and_the_highest_epoch():
    doc = project([logout(S1), all_sessions(2), logout(S2), all_sessions(1)])
    assert doc == {"_id": USER, "min_epoch": 2, "sessions": {S1: iso(T0 + timedelta(minutes=15)),
                                                             S2: iso(T0 + timedelta(minutes=15))}}


def test_projection_is_idempotent_and_order_tolerant():
    events = [logout(S1), all_sessions(3), logout(S2), all_sessions(2, "password_reset")]
    expected = project(events)
    for order in itertools.permutations(events):
        assert project([*order, *order]) == expected


def test_erased_wins_whatever_the_order():
    events = [logout(S1), erased(), all_sessions(4), logout(S2)]
    for order in itertools.permutations(events):
        assert project(order) == {"_id": USER, "erased": True}
    assert project([erased(), erased()]) == {"_id": USER, "erased": True}


def test_sessions_whose_tokens_expired_are_forgotten():
    later = T0 + timedelta(minutes=20)
    doc = project([logout(S1), logout(S2, T0 + timedelta(minutes=10)), logout(S3, later)])
    assert set(doc["sessions"]) == {S2, S3}  # S1's last token expired at T0 + 15 min


def test_no_document_means_no_refusal():
    assert verdict(None, claims()) is None


def test_tokens_signed_before_the_epoch_are_refused_and_later_ones_accepted():
    doc = project([all_sessions(2)])
    assert verdict(doc, claims(epoch=0)) is not None
    assert verdict(doc, claims(epoch=1)) is not None
    assert verdict(doc, claims(epoch=2)) is None
    assert verdict(doc, claims(epoch=3)) is None


def test_an_erased_person_is_always_refused():
    doc = project([erased()])
    for token in (claims(), claims(epoch=99), claims(session_id=None)):
        assert verdict(doc, token) == "the person was erased"


def test_a_revoked_session_is_refused_and_the_other_sessions_stand():
    doc = project([logout(S1)])
    assert verdict(doc, claims(session_id=S1)) == "its session was revoked"
    assert verdict(doc, claims(session_id=S2)) is None
    assert verdict(doc, claims(session_id=None)) is None
    assert verdict(doc, claims(session_id=S1, user_id=str(uuid.uuid4()))) is None  # another person


def test_check_raises_an_invalid_token_or_gives_the_claims_back():
    db = FakeDatabase()
    db[revocations.COLLECTION].insert_one(project([erased()]))
    check = revocations.RevocationCheck(db[revocations.COLLECTION])
    with pytest.raises(InvalidToken):
        check.check(claims())
    other = claims(user_id=str(uuid.uuid4()))
    assert check.check(other) is other


def app_with(db: FakeDatabase, mint: TokenMint, service: str = "assessment") -> Flask:
    settings = unit_settings(service)
    app = create_base_app(settings, service, ready_checks={})
    use_container(app, lambda: ServiceContainer(settings=settings, db=db, codec=None))
    access.use_verifier(app, mint.verifier)

    @app.get("/api/whoami")
    def whoami():
        return {"user": access.caller().user_id}

    return app


def test_caller_refuses_with_401_once_the_worker_recorded_the_revocation(monkeypatch):
    monkeypatch.setattr(access, "REVOCATION_REUSE_S", 0.0)  # the reuse window: the next tests
    db, mint = FakeDatabase(), TokenMint()
    client = app_with(db, mint).test_client()
    first, second = mint.headers(USER, session_id=S1), mint.headers(USER, session_id=S2)
    assert client.get("/api/whoami", headers=first).status_code == 200
    revocations.record(logout(S1).data, revocations=db[revocations.COLLECTION])
    refused = client.get("/api/whoami", headers=first)
    assert refused.status_code == 401 and refused.get_json()["code"] == "INVALID_TOKEN"
    assert client.get("/api/whoami", headers=second).status_code == 200
    revocations.on_user_anonymized(erased(), revocations=db[revocations.COLLECTION])
    assert client.get("/api/whoami", headers=second).status_code == 401


def test_an_erasure_racing_another_writer_is_still_recorded():
    collection = FakeDatabase()[revocations.COLLECTION]
    raced = LosesTheRace(collection, {"_id": USER, "min_epoch": 1})
    revocations.record_erasure(USER, revocations=raced)  # was a 500 on DELETE /api/users/me
    assert collection.find_one({"_id": USER}) == {"_id": USER, "erased": True}


def test_a_revocation_racing_another_writer_is_still_applied():
    collection = FakeDatabase()[revocations.COLLECTION]
    raced = LosesTheRace(collection, {"_id": USER, "min_epoch": 1})
    revocations.record(all_sessions(3).data, revocations=raced)
    assert collection.find_one({"_id": USER})["min_epoch"] == 3


def test_a_service_reuses_what_it_read_for_a_second_then_reads_again():
    db, now = FakeDatabase(), [100.0]
    check = revocations.RevocationCheck(db[revocations.COLLECTION], ttl_s=1.0, clock=lambda: now[0])
    assert check.refusal(claims(session_id=S1)) is None
    revocations.record(logout(S1).data, revocations=db[revocations.COLLECTION])
    now[0] += 0.9
    assert check.refusal(claims(session_id=S1)) is None  # within the second: the document read before
    now[0] += 0.2
    assert check.refusal(claims(session_id=S1)) == "its session was revoked"


def test_identity_refuses_at_once_and_other_services_within_the_reuse_window():
    for service, refused_at_once in (("identity", True), ("assessment", False)):
        db, mint = FakeDatabase(), TokenMint()
        client = app_with(db, mint, service).test_client()
        headers = mint.headers(USER, session_id=S1)
        assert client.get("/api/whoami", headers=headers).status_code == 200
        revocations.record(logout(S1).data, revocations=db[revocations.COLLECTION])
        status = client.get("/api/whoami", headers=headers).status_code
        assert status == (401 if refused_at_once else 200), service
