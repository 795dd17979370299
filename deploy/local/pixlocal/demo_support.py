"""What the demo loaders share: calls that must succeed, accounts made once, the invitation
links found in the development mail sink, and waiting for what the workers project."""
from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path

import requests

from . import api


class DemoRefused(RuntimeError):
    pass


def ok(response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        raise DemoRefused(f"demo data refused: {response.request.method} {response.url} "
                          f"{response.status_code} {response.text[:300]}")
    return response


def signed_in(base: str, address: str, password: str) -> dict[str, str]:
    return api.bearer(ok(api.log_in(base, address, password)).json())


def account(base: str, first: str, last: str, address: str, password: str) -> dict[str, str]:
    """Signed up once (a second run finds the account), then signed in."""
    answer = api.sign_up(base, first_name=first, last_name=last, email=address, password=password)
    if answer.status_code not in (201, 409):
        ok(answer)
    return signed_in(base, address, password)


def invitation_link(mail_dir: Path, pattern: re.Pattern, name: str, address: str,
                    timeout: float = 30.0) -> tuple[str, str]:
    """(invitation id, token) from the newest mail to `address` naming `name` whose body matches `pattern`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = []
        for path in mail_dir.glob("*.eml") if mail_dir.exists() else ():
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = message.get_payload(decode=True).decode("utf-8", "replace")
            if message["To"] == address and name in body and (match := pattern.search(body)):
                found.append((path.stat().st_mtime, match.groups()))
        if found:
            return max(found)[1]
        time.sleep(0.3)
    raise DemoRefused(f"no invitation mail for {address} about {name} in {mail_dir}")


def wait(check, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := check()) is not None:
            return value
        time.sleep(0.3)
    raise DemoRefused(f"timed out waiting for {what}")
