"""No password or password hash in any API answer or any event identity publishes."""
from __future__ import annotations

import time

import requests

from .test_identity_sessions import PASSWORD, TIMEOUT, auth, login, new_account
from .topics import values_for_key

FORBIDDEN = ("password", "argon2", PASSWORD)


def events_about(bootstrap: str, topic: str, user_id: str) -> list[bytes]:
    return [v for v in values_for_key(bootstrap, topic, user_id) if v is not None]


def test_no_password_or_hash_in_answers_or_events(platform):
    base = platform.gateway_url
    user_id, email = new_account(base)
    answers = [login(base, email, "Wrong1234"), login(base, email)]
    pair = answers[-1].json()
    answers.append(requests.get(f"{base}/api/users/me", headers=auth(pair), timeout=TIMEOUT))
    answers.append(requests.delete(f"{base}/api/users/me", headers=auth(pair), timeout=TIMEOUT))
    for answer in answers:
        assert not any(word in answer.text.lower() for word in ("argon2", PASSWORD.lower()))
    settings = platform.settings("identity")
    topic = settings.topic("pix.identity.events")
    deadline, events = time.monotonic() + 30, []
    while time.monotonic() < deadline and len(events) < 2:  # UserRegistered and UserAnonymized
        events = events_about(settings.kafka_bootstrap, topic, user_id)
        time.sleep(0.5)
    assert len(events) == 2, events
    for value in events:
        text = value.decode()
        assert not any(word.lower() in text.lower() for word in FORBIDDEN), text


def test_no_password_or_hash_in_any_log(platform):
    """After sign-ups, logins (right and wrong), a reset request and a refused reset, no
    process's log holds a password or an argon2 hash."""
    base = platform.gateway_url
    _, email = new_account(base)
    login(base, email, "Wrong1234")
    login(base, email)
    requests.post(f"{base}/api/password-resets", json={"email": email}, timeout=TIMEOUT)
    requests.post(f"{base}/api/password-resets/confirmation", json={"token": "x.y", "password": "Autre2026x"},
                  timeout=TIMEOUT)
    time.sleep(1.0)  # let the workers write what they write
    logs = sorted(platform.cfg.log_dir().glob("*.log"))
    assert logs, "no log files found"
    for path in logs:
        text = path.read_text(errors="replace")
        for secret in (PASSWORD, "Wrong1234", "Autre2026x", "$argon2"):
            assert secret not in text, f"{secret!r} found in {path.name}"
