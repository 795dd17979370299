"""People for e2e tests: signed up through the gateway as the browser does (robot proof
included), each from an address of their own so that rate limits count them apart."""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import requests
from pixlocal import api

PASSWORD = "Secret123"  # noqa: S105 - test accounts'


@dataclass
class Person:
    base: str
    id: str
    email: str
    first_name: str
    last_name: str
    password: str = PASSWORD
    ip: str = field(default_factory=api.random_ip)

    def log_in(self, password: str | None = None) -> requests.Response:
        return api.log_in(self.base, self.email, password or self.password, client_ip=self.ip)

    def auth(self) -> dict[str, str]:
        answer = self.log_in()
        assert answer.status_code == 200, answer.text
        return api.bearer(answer.json())

    def headers(self) -> dict[str, str]:
        return {"X-Forwarded-For": self.ip}


def new_person(base: str, first_name: str = "Élise", last_name: str = "Durand") -> Person:
    email = f"{first_name.lower()[:4]}.{uuid.uuid4().hex[:12]}@example.fr"
    ip = api.random_ip()
    answer = api.sign_up(base, first_name=first_name, last_name=last_name, email=email, password=PASSWORD,
                         client_ip=ip)
    assert answer.status_code == 201, answer.text
    return Person(base, answer.json()["id"], email, first_name, last_name, ip=ip)


def within_one_window(seconds_needed: float = 25.0) -> None:
    """Rate limits count in fixed wall-clock minutes (the gateway's and identity's windows):
    a test that counts up to a limit waits, when the minute is nearly over, for the next one,
    so that its requests never straddle two windows."""
    left = 60.0 - time.time() % 60.0
    if left < seconds_needed:
        time.sleep(left + 0.2)


def first_admin_auth(platform) -> dict[str, str]:
    """The Authorization header of the platform's first super admin (identity's operator
    command makes it), signed in from an address of its own."""
    from pixlocal import platform as local

    admin = local.first_admin(platform.cfg)
    answer = api.log_in(platform.gateway_url, admin["admin_email"], admin["admin_password"], client_ip=api.random_ip())
    assert answer.status_code == 200, answer.text
    return api.bearer(answer.json())
