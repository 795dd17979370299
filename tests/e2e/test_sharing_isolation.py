"""Issue 11's authorization matrix, on the running platform through the gateway: every route
of sharing's blueprints (listed from the blueprints themselves, so that a new route without
a row fails here) × {anonymous, a person, a member of A, an admin of A, a member of B, the
platform's SUPER_ADMIN} → the expected status. A member of B gets, for A's resources, the
very answer (status and body) of an unknown id, and no body, export or count B sees holds
anything of A."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import flask
import pytest
from pix_sharing.entrypoints import campaigns_api, organizations_api, shares_api, space_api

from .sharing_world import (
    Caller,
    anonymous,
    my_shares,
    new_member,
    new_organization,
    parse_csv,
    parse_xlsx,
    person_with_profile,
    profile_of,
    share,
    someone,
    super_admin,
    wait_row,
    wait_sharing_copy,
)

ROLES = ("anonymous", "person", "member_a", "admin_a", "member_b", "super_admin")


def sharing_routes() -> set[tuple[str, str]]:
    """(method, rule) of every route sharing serves, from its blueprints."""
    app = flask.Flask("matrix")
    for module in (organizations_api, shares_api, space_api, campaigns_api):
        for blueprint in module.BLUEPRINTS:
            app.register_blueprint(blueprint)
    return {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def statuses(anonymous=401, person=404, member_a=200, admin_a=200, member_b=404, super_admin=200) -> dict:
    return {"anonymous": anonymous, "person": person, "member_a": member_a, "admin_a": admin_a,
            "member_b": member_b, "super_admin": super_admin}


MEMBERS = statuses()  # A's members and the platform admin read; anyone else gets A's 404
SIGNED_IN = statuses(person=200, member_b=200)  # anyone signed in, about their own things
PLATFORM_ONLY = statuses(person=403, member_a=403, admin_a=403, member_b=403)


@dataclass
class World:
    a: object
    b: object
    c: object  # where the routes anyone may call (share, join) send things, so that A stays as it is
    callers: dict[str, Caller]
    campaign_a: dict
    campaign_c: dict
    participation_id: str
    share_id: str
    invitation_id: str
    needles: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def world(platform) -> World:
    base = platform.gateway_url
    admin = super_admin(platform)
    tag = uuid.uuid4().hex[:6]
    a = new_organization(platform, admin, "SCO", f"Collège Alpha {tag}")
    b = new_organization(platform, admin, "SCO", f"Collège Bêta {tag}")
    c = new_organization(platform, admin, "PRO", f"Atelier Gamma {tag}")
    member_a = new_member(platform, a, "MEMBER")
    campaign_a = a.admin.ok("POST", f"/api/organizations/{a.id}/campaigns", 201,
                            json={"title": f"Collecte Alpha {tag}", "kind": "PROFILES_COLLECTION",
                                  "targetCompetences": [], "targetTubes": [], "multipleSendings": False})
    campaign_c = c.admin.ok("POST", f"/api/organizations/{c.id}/campaigns", 201,
                            json={"title": f"Collecte Gamma {tag}", "kind": "PROFILES_COLLECTION",
                                  "targetCompetences": [], "targetTubes": [], "multipleSendings": True})
    person = person_with_profile(base, "1.3", (True,), "Paulette", f"Secrète{tag}")
    wait_sharing_copy(person, a.code, profile_of(person)["totalPix"])
    shared = share(person, a)
    joined = person.ok("POST", "/api/campaigns/participations", 201, json={"campaignCode": campaign_a["code"]})
    sent = person.ok("POST", f"/api/campaigns/participations/{joined['participationId']}/share")
    wait_row(a.admin, a.id, person.id, sent["sharedAt"])  # the campaign's sending is the latest
    my_shares(person, 2)
    # B's own life: one person shared with it.
    other = someone(base, "Bruno", f"DeBêta{tag}")
    wait_row(b.admin, b.id, other.id, share(other, b)["sharedAt"])
    invitation = a.admin.ok("POST", f"/api/organizations/{a.id}/invitations", 201,
                            json={"email": f"invite.{tag}@example.fr", "role": "MEMBER"})
    callers = {"anonymous": anonymous(base), "person": person, "member_a": member_a, "admin_a": a.admin,
               "member_b": b.admin, "super_admin": admin}
    needles = [a.id, a.name, a.code, campaign_a["id"], campaign_a["code"], f"Collecte Alpha {tag}",
               person.person.last_name, shared["shareId"], joined["participationId"], invitation["id"],
               member_a.id, member_a.person.last_name, a.admin.id, f"invite.{tag}@example.fr"]
    return World(a, b, c, callers, campaign_a, campaign_c, joined["participationId"], shared["shareId"],
                 invitation["id"], needles)


@dataclass(frozen=True)
class Row:
    method: str
    rule: str
    path: str
    expected: dict
    body: dict | None = None
    params: dict | None = None
    unknown: str | None = None  # the same route on ids that do not exist, when the path names A's


def matrix(w: World) -> list[Row]:
    a, c, tag = w.a.id, w.c, uuid.uuid4().hex[:8]
    ghost = lambda: str(uuid.uuid4())  # noqa: E731
    camp, part, inv = w.campaign_a["id"], w.participation_id, w.invitation_id
    member_a, admin_a, person = (w.callers[k].id for k in ("member_a", "admin_a", "person"))
    return [
        Row("POST", "/api/organizations", "/api/organizations", {**PLATFORM_ONLY, "super_admin": 201},
            body={"displayName": f"Matrice {tag}", "type": "PRO", "adminEmail": f"matrice.{tag}@example.fr"}),
        Row("GET", "/api/organizations", "/api/organizations", PLATFORM_ONLY),
        Row("GET", "/api/organizations/mine", "/api/organizations/mine", SIGNED_IN),
        Row("GET", "/api/organizations/by-code/<code>", f"/api/organizations/by-code/{c.code}", SIGNED_IN),
        Row("GET", "/api/organizations/<organization_id>", f"/api/organizations/{a}", MEMBERS,
            unknown=f"/api/organizations/{ghost()}"),
        Row("GET", "/api/organizations/<organization_id>/members", f"/api/organizations/{a}/members",
            statuses(super_admin=404), unknown=f"/api/organizations/{ghost()}/members"),
        Row("POST", "/api/organizations/<organization_id>/invitations", f"/api/organizations/{a}/invitations",
            statuses(member_a=403, admin_a=201, super_admin=404),
            body={"email": f"m.{tag}@example.fr", "role": "MEMBER"},
            unknown=f"/api/organizations/{ghost()}/invitations"),
        Row("GET", "/api/organizations/invitations/<invitation_id>", f"/api/organizations/invitations/{inv}",
            statuses(member_a=404, admin_a=404, super_admin=404), params={"token": "not-the-token"},
            unknown=f"/api/organizations/invitations/{ghost()}"),
        Row("POST", "/api/organizations/invitations/<invitation_id>/accept",
            f"/api/organizations/invitations/{inv}/accept", statuses(member_a=404, admin_a=404, super_admin=404),
            body={"token": "not-the-token"}, unknown=f"/api/organizations/invitations/{ghost()}/accept"),
        Row("PATCH", "/api/organizations/<organization_id>/members/<user_id>",
            f"/api/organizations/{a}/members/{member_a}", statuses(member_a=403, super_admin=404),
            body={"role": "MEMBER"}, unknown=f"/api/organizations/{ghost()}/members/{member_a}"),
        Row("DELETE", "/api/organizations/<organization_id>/members/<user_id>",
            f"/api/organizations/{a}/members/{admin_a}", statuses(member_a=403, admin_a=409, super_admin=404),
            unknown=f"/api/organizations/{ghost()}/members/{admin_a}"),
        Row("GET", "/api/shares/preview", "/api/shares/preview", SIGNED_IN, params={"code": c.code}),
        Row("POST", "/api/shares", "/api/shares", statuses(person=201, member_a=201, admin_a=201, member_b=201,
                                                           super_admin=201), body={"organizationCode": c.code}),
        Row("GET", "/api/shares", "/api/shares", SIGNED_IN),
        Row("GET", "/api/organizations/<organization_id>/profiles", f"/api/organizations/{a}/profiles", MEMBERS,
            unknown=f"/api/organizations/{ghost()}/profiles"),
        Row("GET", "/api/organizations/<organization_id>/profiles/<user_id>",
            f"/api/organizations/{a}/profiles/{person}", MEMBERS,
            unknown=f"/api/organizations/{ghost()}/profiles/{person}"),
        Row("GET", "/api/organizations/<organization_id>/statistics", f"/api/organizations/{a}/statistics", MEMBERS,
            unknown=f"/api/organizations/{ghost()}/statistics"),
        Row("GET", "/api/organizations/<organization_id>/profiles.csv", f"/api/organizations/{a}/profiles.csv",
            MEMBERS, unknown=f"/api/organizations/{ghost()}/profiles.csv"),
        Row("GET", "/api/organizations/<organization_id>/profiles.xlsx", f"/api/organizations/{a}/profiles.xlsx",
            MEMBERS, unknown=f"/api/organizations/{ghost()}/profiles.xlsx"),
        Row("POST", "/api/organizations/<organization_id>/campaigns", f"/api/organizations/{a}/campaigns",
            statuses(member_a=201, admin_a=201, super_admin=403),
            body={"title": f"Matrice {tag}", "kind": "PROFILES_COLLECTION", "targetCompetences": [],
                  "targetTubes": [], "multipleSendings": False},
            unknown=f"/api/organizations/{ghost()}/campaigns"),
        Row("GET", "/api/organizations/<organization_id>/campaigns", f"/api/organizations/{a}/campaigns", MEMBERS,
            unknown=f"/api/organizations/{ghost()}/campaigns"),
        Row("GET", "/api/campaigns/<campaign_id>", f"/api/campaigns/{camp}", MEMBERS,
            unknown=f"/api/campaigns/{ghost()}"),
        Row("GET", "/api/campaigns/<campaign_id>/participants", f"/api/campaigns/{camp}/participants", MEMBERS,
            unknown=f"/api/campaigns/{ghost()}/participants"),
        Row("GET", "/api/campaigns/<campaign_id>/results.<fmt>", f"/api/campaigns/{camp}/results.csv", MEMBERS,
            unknown=f"/api/campaigns/{ghost()}/results.csv"),
        Row("GET", "/api/campaigns/<campaign_id>/results.<fmt>", f"/api/campaigns/{camp}/results.xlsx", MEMBERS,
            unknown=f"/api/campaigns/{ghost()}/results.xlsx"),
        Row("GET", "/api/campaigns/by-code/<path:code>", f"/api/campaigns/by-code/{w.campaign_c['code']}", SIGNED_IN),
        Row("POST", "/api/campaigns/participations", "/api/campaigns/participations",
            statuses(person=201, member_a=201, admin_a=201, member_b=201, super_admin=201),
            body={"campaignCode": w.campaign_c["code"]}),
        Row("GET", "/api/campaigns/participations", "/api/campaigns/participations", SIGNED_IN),
        # A participation answers its participant only (the "person"), everyone else as unknown.
        Row("GET", "/api/campaigns/participations/<participation_id>", f"/api/campaigns/participations/{part}",
            statuses(person=200, member_a=404, admin_a=404, super_admin=404),
            unknown=f"/api/campaigns/participations/{ghost()}"),
        Row("POST", "/api/campaigns/participations/<participation_id>/share",
            f"/api/campaigns/participations/{part}/share",
            statuses(person=409, member_a=404, admin_a=404, super_admin=404),
            unknown=f"/api/campaigns/participations/{ghost()}/share"),
        Row("POST", "/api/campaigns/participations/<participation_id>/retry",
            f"/api/campaigns/participations/{part}/retry",
            statuses(person=409, member_a=404, admin_a=404, super_admin=404),
            unknown=f"/api/campaigns/participations/{ghost()}/retry"),
    ]


def call(caller: Caller, row: Row, path: str | None = None):
    return caller.call(row.method, path or row.path, json=row.body, params=row.params)


def readable(answer) -> str:
    """What a person reads in an answer: its text, or every cell of a workbook."""
    if "spreadsheetml" in answer.headers.get("Content-Type", ""):
        return "\n".join(";".join(map(str, row)) for row in parse_xlsx(answer))
    return answer.content.decode("utf-8", "replace")


def leaks(answer, needles: list[str]) -> list[str]:
    text = readable(answer)
    return [needle for needle in needles if needle in text]


def test_every_sharing_route_has_a_row_in_the_matrix(world):
    assert {(r.method, r.rule) for r in matrix(world)} == sharing_routes()


def test_the_matrix(world):
    wrong, seen_by_b = [], []
    for row in matrix(world):
        for role in ROLES:
            answer = call(world.callers[role], row)
            if answer.status_code != row.expected[role]:
                wrong.append(f"{row.method} {row.rule} as {role}: {answer.status_code} (expected "
                             f"{row.expected[role]}) {answer.text[:160]}")
            if role == "member_b":
                seen_by_b.append((row, answer))
    assert wrong == [], "\n".join(wrong)

    for row, answer in seen_by_b:
        found = leaks(answer, world.needles)
        assert found == [], f"{row.method} {row.path}: B sees {found}"
        if row.unknown:
            ghost = call(world.callers["member_b"], row, row.unknown)
            assert (answer.status_code, answer.json()) == (ghost.status_code, ghost.json()), row.rule


def test_b_counts_only_its_own(world):
    member_b, b = world.callers["member_b"], world.b
    table = member_b.ok("GET", f"/api/organizations/{b.id}/profiles")
    assert table["total"] == 1 and len(table["rows"]) == 1
    assert member_b.ok("GET", f"/api/organizations/{b.id}/statistics")["count"] == 1
    assert len(parse_csv(member_b.get(f"/api/organizations/{b.id}/profiles.csv"))) == 2  # header + 1
    assert member_b.ok("GET", f"/api/organizations/{b.id}/campaigns") == {"campaigns": []}
    for path in (f"/api/organizations/{b.id}", f"/api/organizations/{b.id}/members", "/api/organizations/mine",
                 f"/api/organizations/{b.id}/profiles", f"/api/organizations/{b.id}/statistics",
                 f"/api/organizations/{b.id}/profiles.csv", f"/api/organizations/{b.id}/profiles.xlsx?detailed=1"):
        answer = member_b.get(path)
        assert answer.status_code == 200, (path, answer.text)
        assert leaks(answer, world.needles) == [], path
    # A's own members still see A's row: the matrix's calls changed nothing of it.
    rows = world.callers["member_a"].ok("GET", f"/api/organizations/{world.a.id}/profiles")["rows"]
    assert [r["userId"] for r in rows] == [world.callers["person"].id]
    mine = {o["id"] for o in member_b.ok("GET", "/api/organizations/mine")["organizations"]}
    assert mine == {b.id}
