"""Identity's app on fakes: the real bootstrap and store code over an in-memory database."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from pix_identity.bootstrap import bootstrap
from pix_identity.entrypoints.http import create_app
from pixkit.testing import FakeDatabase, unit_settings


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db():
    return FakeDatabase()


def fake_hash(password: str) -> str:
    return "fake$" + hashlib.sha256(password.encode()).hexdigest()


@pytest.fixture
def service(db, clock):
    # A cheap hash keeps the tests fast; the real one is tested in test_passwords.py.
    return bootstrap(unit_settings("identity"), db, clock=clock, hash_password=fake_hash,
                     verify_password=lambda p, stored: stored == fake_hash(p), env={})


@pytest.fixture
def client(service):
    app = create_app(unit_settings("identity"), service, ready_checks={})
    return app.test_client()


def sign_up_body(**changes):
    return {"firstName": "Alice", "lastName": "Martin", "email": "alice@example.fr", "password": "Secret123",
            **changes}


def signed_up(client, **changes) -> dict:
    answer = client.post("/api/users", json=sign_up_body(**changes))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def log_in(client, email="alice@example.fr", password="Secret123", **headers):  # noqa: S107
    return client.post("/api/token", json={"email": email, "password": password}, headers=headers)


def bearer(pair: dict) -> dict:
    return {"Authorization": f"Bearer {pair['accessToken']}"}
