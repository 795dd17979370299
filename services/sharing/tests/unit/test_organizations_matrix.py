"""Who may call each organizations endpoint: {anonymous, person, member of A, admin of A,
member of B, platform admin} × every route on organization A, and nothing of B (its id,
name, code, members, invitations) in any answer given about A or to a member of A."""
from __future__ import annotations

import json

import pytest

from .test_organizations_support import SUPER, Platform, new_user

CALLERS = ("anonymous", "person", "member_a", "admin_a", "member_b", "super_admin")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    platform = Platform(tmp_path_factory.mktemp("mails"))
    a, admin_a = platform.organization_with_admin("Collège Victor Hugo", "SCO")
    b, admin_b = platform.organization_with_admin("Entreprise Secrète", "PRO")
    member_a, member_b = platform.add_member(a, admin_a), platform.add_member(b, admin_b)
    platform.person(member_b, "Bernard", "Secret")
    assert platform.invite(b, admin_b, "pending-b@secret.fr").status_code == 201
    code_b = platform.client.get(f"/api/organizations/{b}", headers=platform.headers(admin_b)).get_json()["code"]
    code_a = platform.client.get(f"/api/organizations/{a}", headers=platform.headers(admin_a)).get_json()["code"]
    assert platform.invite(a, admin_a, "pending-a@a.fr").status_code == 201
    invitation_a, token_a = platform.link_of("pending-a@a.fr")
    callers = {"anonymous": None, "person": new_user(), "member_a": member_a, "admin_a": admin_a,
               "member_b": member_b, "super_admin": SUPER}
    return {"platform": platform, "a": a, "b": b, "admin_b": admin_b, "code_b": code_b, "callers": callers,
            "code_a": code_a, "invitation_a": invitation_a, "token_a": token_a}


def call(world, who: str, method: str, path: str, body=None):
    platform = world["platform"]
    user = world["callers"][who]
    headers = platform.as_super() if who == "super_admin" else platform.headers(user)
    path = path.format(a=world["a"], target=world["callers"]["member_a"], code_a=world["code_a"],
                       invitation_a=world["invitation_a"], token_a=world["token_a"])
    return platform.client.open(path, method=method, headers=headers, json=body)


# What each caller gets, in CALLERS' order. Reads come first; writes that change A are run on
# a caller basis that leaves A as it was (a refused call changes nothing).
READS = [
    ("GET", "/api/organizations", None, (401, 403, 403, 403, 403, 200)),
    ("GET", "/api/organizations/mine", None, (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/organizations/{a}", None, (401, 404, 200, 200, 404, 200)),
    ("GET", "/api/organizations/{a}/members", None, (401, 404, 200, 200, 404, 404)),
    # Signed in is enough: a code is what people type to share, a link what an invitee opens.
    ("GET", "/api/organizations/by-code/{code_a}", None, (401, 200, 200, 200, 200, 200)),
    ("GET", "/api/organizations/invitations/{invitation_a}?token={token_a}", None, (401, 200, 200, 200, 200, 200)),
]
REFUSED_WRITES = [
    ("POST", "/api/organizations", {"displayName": "X", "type": "SCO", "adminEmail": "x@y.fr"},
     (401, 403, 403, 403, 403, None)),
    ("POST", "/api/organizations/{a}/invitations", {"email": "new@a.fr", "role": "MEMBER"},
     (401, 404, 403, None, 404, 404)),
    ("PATCH", "/api/organizations/{a}/members/{target}", {"role": "ADMIN"}, (401, 404, 403, None, 404, 404)),
    ("DELETE", "/api/organizations/{a}/members/{target}", None, (401, 404, None, None, 404, 404)),
    ("POST", "/api/organizations/invitations/{invitation_a}/accept", {"token": "not-the-token"},
     (401, 404, 404, 404, 404, 404)),
]


# The allowed writes (None above) would change A: test_organizations.py runs them.
CASES = [(who, method, path, body, expected[i]) for method, path, body, expected in READS + REFUSED_WRITES
         for i, who in enumerate(CALLERS) if expected[i] is not None]


@pytest.mark.parametrize(("who", "method", "path", "body", "status"), CASES)
def test_the_matrix(world, who, method, path, body, status):
    before = len(world["platform"].envelopes())
    answer = call(world, who, method, path, body)
    assert answer.status_code == status, answer.get_json()
    if status == 404 and "/invitations/" in path:
        assert answer.get_json()["code"] == "INVITATION_NOT_FOUND"
    elif status == 404:
        assert answer.get_json()["code"] == "ORGANIZATION_NOT_FOUND"  # the same as an unknown id
    if status == 403:
        assert answer.get_json()["code"] == "FORBIDDEN"
    assert len(world["platform"].envelopes()) == before  # reads and refusals append nothing


@pytest.mark.parametrize("who", CALLERS[1:])
def test_nothing_of_b_leaks_to_callers_about_a(world, who):
    b = world["b"]
    secrets_of_b = {b, "Entreprise Secrète", world["code_b"], world["admin_b"], "Bernard", "Secret",
                    "pending-b@secret.fr"}
    if who in ("member_b", "super_admin"):
        secrets_of_b = {"pending-b@secret.fr", "Bernard"}  # they may know B, never B's people through A
    for method, path, body, _ in READS:
        if path == "/api/organizations" or (path.endswith("/mine") and who in ("member_b", "super_admin")):
            continue  # the platform admin's list names every organization; B's member sees B in theirs
        text = json.dumps(call(world, who, method, path, body).get_json(), ensure_ascii=False)
        assert not [s for s in secrets_of_b if s in text], (who, path, text)


def test_an_unknown_id_and_another_organization_answer_alike(world):
    platform = world["platform"]
    member_a = platform.headers(world["callers"]["member_a"])
    for suffix in ("", "/members"):
        theirs = platform.client.get(f"/api/organizations/{world['b']}{suffix}", headers=member_a)
        unknown = platform.client.get(f"/api/organizations/{new_user()}{suffix}", headers=member_a)
        junk = platform.client.get(f"/api/organizations/not:an.id{suffix}", headers=member_a)
        assert theirs.status_code == unknown.status_code == junk.status_code == 404
        assert theirs.get_json() == unknown.get_json() == junk.get_json()
    super_unknown = platform.client.get(f"/api/organizations/{new_user()}", headers=platform.as_super())
    assert super_unknown.status_code == 404 and super_unknown.get_json()["code"] == "ORGANIZATION_NOT_FOUND"


def test_a_platform_admin_reads_any_organization_without_being_a_member(world):
    platform = world["platform"]
    answer = platform.client.get(f"/api/organizations/{world['b']}", headers=platform.as_super())
    assert answer.status_code == 200 and answer.get_json()["role"] is None
    listed = platform.client.get("/api/organizations", headers=platform.as_super()).get_json()["organizations"]
    assert sorted(o["displayName"] for o in listed) == ["Collège Victor Hugo", "Entreprise Secrète"]


def test_mine_lists_only_the_callers_organizations(world):
    platform = world["platform"]
    for who, names in (("person", []), ("member_a", ["Collège Victor Hugo"]),
                       ("member_b", ["Entreprise Secrète"])):
        answer = platform.client.get("/api/organizations/mine", headers=platform.headers(world["callers"][who]))
        assert [o["displayName"] for o in answer.get_json()["organizations"]] == names
