"""A failed sign-up never holds its email: the address signs up again at once (issue 8)."""
import pytest
from pix_identity.adapters.accounts import AccountBook
from pix_identity.adapters.people import PeopleOutbox
from pixkit.store import EventStore

from .conftest import sign_up_body


class Broken(Exception):
    pass


def breaks(*_, **__):
    raise Broken("the store went away mid-sign-up")


def failed_sign_up(client, monkeypatch, owner, method) -> None:
    real, calls = getattr(owner, method), []

    def breaks_once(*args, **kwargs):  # the undo may call the same method again
        calls.append(1)
        return breaks() if len(calls) == 1 else real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(owner, method, breaks_once)
        answer = client.post("/api/users", json=sign_up_body())
    assert answer.status_code == 500


@pytest.mark.parametrize(("owner", "method"), [(AccountBook, "save"), (PeopleOutbox, "publish"),
                                               (EventStore, "append")])
def test_a_sign_up_failing_after_its_reservation_frees_the_email_at_once(client, db, monkeypatch, owner, method):
    failed_sign_up(client, monkeypatch, owner, method)
    assert db["emails"].count_documents({}) == 0
    assert db["accounts"].count_documents({}) == 0  # no account left behind either
    answer = client.post("/api/users", json=sign_up_body())  # same address, same minute
    assert answer.status_code == 201, answer.get_json()


def test_a_person_already_queued_for_the_people_topic_is_tombstoned(client, db, monkeypatch):
    failed_sign_up(client, monkeypatch, EventStore, "append")
    assert db["people_outbox"].count_documents({}) == 1
    assert db["people_outbox"].find_one({})["value"] is None  # consumers that saw the person erase it


def test_an_error_after_the_event_was_stored_keeps_the_account(client, db, monkeypatch):
    real_append = EventStore.append

    def append_then_fail(self, *args, **kwargs):
        real_append(self, *args, **kwargs)
        raise Broken("the answer of the write was lost")

    monkeypatch.setattr(EventStore, "append", append_then_fail)
    assert client.post("/api/users", json=sign_up_body()).status_code == 500
    monkeypatch.undo()
    holder = db["emails"].find_one({"_id": "alice@example.fr"})
    assert db["accounts"].find_one({"_id": holder["user_id"]}) is not None  # registered: it stays
    assert client.post("/api/users", json=sign_up_body()).status_code == 409


def test_an_undo_that_cannot_run_leaves_the_reservation_to_the_takeover(client, db, clock, monkeypatch):
    monkeypatch.setattr(AccountBook, "save", breaks)
    monkeypatch.setattr(EventStore, "load", breaks)  # cannot tell whether the event was stored
    assert client.post("/api/users", json=sign_up_body()).status_code == 500
    monkeypatch.undo()
    assert client.post("/api/users", json=sign_up_body()).status_code == 409
    clock.advance(minutes=3)
    assert client.post("/api/users", json=sign_up_body()).status_code == 201
