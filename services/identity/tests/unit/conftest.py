"""Identity's app on fakes: the real bootstrap and store code over an in-memory database."""
from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from pix_identity.bootstrap import bootstrap
from pix_identity.domain import robot_check
from pix_identity.entrypoints.http import create_app
from pixkit.testing import Clock, FakeDatabase, unit_settings

START = Clock.START
ROBOT_KEY = "unit-robot-key"
# Difficulty 0: any counter does the work; signature, age and single use are still checked.
UNIT_ENV = {"PIX_IDENTITY_ROBOT_CHECK_KEY": ROBOT_KEY, "PIX_IDENTITY_ROBOT_DIFFICULTY": "0"}


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
                     verify_password=lambda p, stored: stored == fake_hash(p), env=UNIT_ENV)


@pytest.fixture
def client(service):
    app = create_app(unit_settings("identity"), service, ready_checks={})
    return app.test_client()


def robot_proof(at: datetime = START) -> dict:
    """A fresh proof, as the browser would send after solving a puzzle issued at `at`."""
    return {"challenge": robot_check.issue(ROBOT_KEY.encode(), at.timestamp(), 0).challenge, "counter": 0}


def sign_up_body(**changes):
    return {"firstName": "Alice", "lastName": "Martin", "email": "alice@example.fr", "password": "Secret123",
            "acceptTerms": True, "robotProof": robot_proof(), **changes}


def signed_up(client, **changes) -> dict:
    answer = client.post("/api/users", json=sign_up_body(**changes))
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def log_in(client, email="alice@example.fr", password="Secret123", **headers):  # noqa: S107
    return client.post("/api/token", json={"email": email, "password": password}, headers=headers)


def bearer(pair: dict) -> dict:
    return {"Authorization": f"Bearer {pair['accessToken']}"}
