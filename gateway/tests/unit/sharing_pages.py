"""What the sharing pages' tests share besides their fixtures (conftest: sharing_services,
sharing, sharing_browser): people to sign in as, forms to post, calls to look for."""
from __future__ import annotations

import html
import re
import uuid

from .test_admin_page import PASSWORD


def account(identity, *roles: str, first="Ana", last="Lima") -> dict:
    email = f"{first.lower()}-{uuid.uuid4().hex[:8]}@example.fr"
    identity.users[email] = {"id": str(uuid.uuid4()), "firstName": first, "lastName": last, "email": email,
                             "password": PASSWORD, "roles": list(roles)}
    return identity.users[email]


def text(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text(client.get("/connexion"))).group(1)


def sign_in(client, user: dict) -> None:
    answer = client.post("/connexion", data={"email": user["email"], "password": PASSWORD, "csrf_token": csrf(client)})
    assert answer.status_code == 303, text(answer)


def post(client, path: str, **form):
    return client.post(path, data={**form, "csrf_token": csrf(client)})


def follow(client, answer, path: str):
    """A refused form's 303 back to `path` (post/redirect/get), then that page."""
    assert answer.status_code == 303 and answer.location.partition("?")[0] == path, (answer.status_code,
                                                                                       answer.location)
    return client.get(answer.location)


def calls(fake, method: str, path: str) -> list:
    return [c for c in fake.calls if c[0] == method and c[1] == path]
