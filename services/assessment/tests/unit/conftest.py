"""Assessment's app on fakes: the real bootstrap, bank and handlers over an in-memory store."""
from __future__ import annotations

import pytest
from pix_assessment.bootstrap import bootstrap
from pix_assessment.entrypoints.http import create_app
from pixkit.testing import Clock, FakeDatabase, TokenMint, unit_settings

USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"
OTHER = "c0ffee00-1234-4abc-8def-000000000001"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(clock):
    ids = iter(f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 10_000))
    return bootstrap(unit_settings("assessment"), FakeDatabase(), clock=clock, new_id=lambda: next(ids), env={})


@pytest.fixture
def mint(clock):
    return TokenMint(clock)


@pytest.fixture
def client(service, mint):
    return create_app(unit_settings("assessment"), service, ready_checks={}, verifier=mint.verifier()).test_client()


@pytest.fixture
def auth(mint):
    return mint.headers(USER)
