"""Identity's app on fakes: the real bootstrap and store code over an in-memory database."""
from __future__ import annotations

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


@pytest.fixture
def service(db, clock):
    # A cheap hash keeps the tests fast; the real one is tested in test_passwords.py.
    return bootstrap(unit_settings("identity"), db, clock=clock, hash_password=lambda p: f"hashed:{len(p)}")


@pytest.fixture
def client(service):
    app = create_app(unit_settings("identity"), service, ready_checks={})
    return app.test_client()


def sign_up_body(**changes):
    return {"firstName": "Alice", "lastName": "Martin", "email": "alice@example.fr", "password": "Secret123",
            **changes}
