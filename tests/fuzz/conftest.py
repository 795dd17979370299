"""Who calls the API during fuzzing, and what the fuzzer saw (tests/fuzz).

Callers are real: anonymous, a person signed up through the gateway, and the first super
admin made by identity's operator command. Each request comes from an address of its own
(the test stack trusts one proxy hop, as production behind its ingress does), drawn from a
counter so that a run is the same every time: rate limits then count no fuzzing request with
another, and the 429s they can answer are documented all the same.
"""
from __future__ import annotations

import itertools
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest
from pixlocal import api

from ..e2e.people import PASSWORD, new_person
from .document import documented_operations

TOKEN_REFRESH_S = 600  # access tokens live 15 minutes; a long `make fuzz` renews them

_addresses = (f"198.18.{n // 250 % 250}.{n % 250 + 1}" for n in itertools.count())


def next_address() -> str:
    """198.18.0.0/15, the benchmarking range: never a real client."""
    return next(_addresses)


@dataclass
class Caller:
    name: str
    log_in: object = None  # () -> tokens, None for the anonymous caller
    _token: str | None = None
    _at: float = 0.0

    def headers(self) -> dict[str, str]:
        headers = {"X-Forwarded-For": next_address()}
        if self.log_in is not None:
            if self._token is None or time.monotonic() - self._at > TOKEN_REFRESH_S:
                self._token, self._at = self.log_in(), time.monotonic()
            headers["Authorization"] = f"Bearer {self._token}"
        return headers


def _logged_in(base: str, email: str, password: str):
    def log_in() -> str:
        answer = api.log_in(base, email, password, client_ip=next_address())
        assert answer.status_code == 200, answer.text
        return answer.json()["accessToken"]
    return log_in


@pytest.fixture(scope="session")
def callers(platform) -> dict[str, Caller]:
    from pixlocal import platform as local

    base = platform.gateway_url
    person = new_person(base, "Fuzz", "Personne")
    admin = local.first_admin(platform.cfg)
    return {
        "anonymous": Caller("anonymous"),
        "person": Caller("person", _logged_in(base, person.email, person.password)),
        "super_admin": Caller("super_admin", _logged_in(base, admin["admin_email"], admin["admin_password"])),
    }


def throwaway_headers(base: str) -> dict[str, str]:
    """A person of their own for the calls that end the caller's account (DELETE /api/users/me).
    Not e2e's new_person: its random address is the same at every example, Hypothesis seeding
    `random` for each, and one address may sign up 20 times a minute."""
    email, address = f"jetable.{uuid.uuid4().hex[:12]}@example.fr", next_address()
    answer = api.sign_up(base, first_name="Jetable", last_name="Personne", email=email, password=PASSWORD,
                         client_ip=address)
    assert answer.status_code == 201, answer.text
    return {"X-Forwarded-For": next_address(), "Authorization": f"Bearer {_logged_in(base, email, PASSWORD)()}"}


@dataclass
class Seen:
    """What the fuzzer sent and got, per caller and operation: figures for docs/reliability.md."""
    statuses: dict[str, Counter] = field(default_factory=dict)
    seconds: float = 0.0

    def record(self, caller: str, operation: str, status: int) -> None:
        self.statuses.setdefault(f"{caller} {operation}", Counter())[status] += 1

    def requests(self) -> int:
        return sum(sum(c.values()) for c in self.statuses.values())

    def summary(self, documented: set[str]) -> dict:
        """`documented`: "METHOD /path" of the document; the fuzzer also tries other methods."""
        operations = {key.split(" ", 1)[1] for key in self.statuses}
        return {"requests": self.requests(), "seconds": round(self.seconds, 1),
                "operations": len(operations & documented), "other_method_paths": len(operations - documented),
                "statuses": {key: dict(sorted(c.items())) for key, c in sorted(self.statuses.items())}}


@pytest.fixture(scope="session")
def seen(platform):
    record = Seen()
    yield record
    out = platform.cfg.var_dir / "fuzz-report.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record.summary(documented_operations()), indent=1))
