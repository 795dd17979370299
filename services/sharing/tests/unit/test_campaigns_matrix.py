"""Who may do what with campaigns: every endpoint of the campaigns feature × {anonymous,
person, member of A, admin of A, member of B, platform admin}. "Not yours" answers exactly
as "does not exist" (same status, same body), and nothing of A shows through B."""
import pytest

from .test_campaigns_support import Platform, new_id

pytestmark = pytest.mark.unit

CALLERS = ("anonymous", "person", "member_a", "admin_a", "member_b", "super_admin")


@pytest.fixture(scope="module")
def world():
    world = Platform()
    a, b = world.organization(name="Lycée A"), world.organization(name="Collège B")
    world.people = {"anonymous": None, "person": world.person(), "member_a": world.member(a),
                    "admin_a": world.member(a, "ADMIN"), "member_b": world.member(b), "super_admin": "super"}
    world.a, world.b = a, b
    world.campaign = world.create(a, world.people["admin_a"])
    world.b_campaign = world.create(b, world.people["member_b"], title="Campagne de B")
    joined = world.join(world.people["person"], world.campaign["code"]).get_json()
    world.participation_id = joined["participationId"]
    world.pump()
    return world


def headers(world, who):
    if who == "super_admin":
        return world.as_super()
    return world.headers(world.people[who])


ORG_ENDPOINTS = {
    # name: (method, path template, expected status per caller)
    "create": ("POST", "/api/organizations/{org}/campaigns", (401, 404, 201, 201, 404, 403)),
    "list": ("GET", "/api/organizations/{org}/campaigns", (401, 404, 200, 200, 404, 200)),
}
CAMPAIGN_ENDPOINTS = {
    "read": ("GET", "/api/campaigns/{campaign}", (401, 404, 200, 200, 404, 200)),
    "participants": ("GET", "/api/campaigns/{campaign}/participants", (401, 404, 200, 200, 404, 200)),
    "results.csv": ("GET", "/api/campaigns/{campaign}/results.csv", (401, 404, 200, 200, 404, 200)),
    "results.xlsx": ("GET", "/api/campaigns/{campaign}/results.xlsx", (401, 404, 200, 200, 404, 200)),
}
BODY = {"title": "Nouvelle", "kind": "PROFILES_COLLECTION"}


def call(world, method, path, who):
    return world.client.open(path, method=method, headers=headers(world, who), json=BODY if method == "POST" else None)


@pytest.mark.parametrize("name", sorted(ORG_ENDPOINTS))
def test_organization_campaign_endpoints(world, name):
    method, template, expected = ORG_ENDPOINTS[name]
    unknown = call(world, method, template.format(org=new_id()), "member_a")
    assert unknown.status_code == 404
    for who, status in zip(CALLERS, expected, strict=True):
        answer = call(world, method, template.format(org=world.a), who)
        assert answer.status_code == status, (name, who, answer.get_json())
        if status == 404:
            assert answer.get_json() == unknown.get_json() == {
                "code": "ORGANIZATION_NOT_FOUND", "message": answer.get_json()["message"], "details": {}}
        if status == 403:
            assert answer.get_json()["code"] == "FORBIDDEN"


@pytest.mark.parametrize("name", sorted(CAMPAIGN_ENDPOINTS))
def test_campaign_endpoints(world, name):
    method, template, expected = CAMPAIGN_ENDPOINTS[name]
    unknown = call(world, method, template.format(campaign=new_id()), "member_a")
    assert unknown.status_code == 404 and unknown.get_json()["code"] == "CAMPAIGN_NOT_FOUND"
    for who, status in zip(CALLERS, expected, strict=True):
        answer = call(world, method, template.format(campaign=world.campaign["id"]), who)
        assert answer.status_code == status, (name, who, answer.get_data()[:200])
        if status == 404:
            assert answer.get_json() == unknown.get_json()  # not yours = does not exist
        if status == 401:
            assert answer.get_json()["code"] in ("UNAUTHORIZED", "INVALID_TOKEN")


def test_b_sees_nothing_of_a_in_its_own_answers(world):
    member_b = headers(world, "member_b")
    listed = world.client.get(f"/api/organizations/{world.b}/campaigns", headers=member_b).get_json()
    assert [c["id"] for c in listed["campaigns"]] == [world.b_campaign["id"]]
    assert listed["campaigns"][0]["participants"] == 0
    text = str(listed) + world.client.get(f"/api/campaigns/{world.b_campaign['id']}/results.csv",
                                          headers=member_b).get_data(as_text=True)
    assert world.campaign["id"] not in text and world.campaign["code"] not in text and "Lycée A" not in text


def test_a_sees_its_participant(world):
    page = world.client.get(f"/api/campaigns/{world.campaign['id']}/participants",
                            headers=headers(world, "member_a")).get_json()
    assert [r["userId"] for r in page["rows"]] == [world.people["person"]]


PARTICIPANT_ENDPOINTS = {
    "by-code": ("GET", "/api/campaigns/by-code/{code}", (401, 200, 200, 200, 200, 200)),
    "mine": ("GET", "/api/campaigns/participations", (401, 200, 200, 200, 200, 200)),
    "participation": ("GET", "/api/campaigns/participations/{participation}", (401, 200, 404, 404, 404, 404)),
    "share": ("POST", "/api/campaigns/participations/{participation}/share", (401, 409, 404, 404, 404, 404)),
    "retry": ("POST", "/api/campaigns/participations/{participation}/retry", (401, 409, 404, 404, 404, 404)),
}


@pytest.mark.parametrize("name", sorted(PARTICIPANT_ENDPOINTS))
def test_participant_endpoints(world, name):
    method, template, expected = PARTICIPANT_ENDPOINTS[name]
    path = template.format(code=world.campaign["code"], participation=world.participation_id)
    for who, status in zip(CALLERS, expected, strict=True):
        answer = world.client.open(path, method=method, headers=headers(world, who))
        assert answer.status_code == status, (name, who, answer.get_json())
        if status == 404:
            assert answer.get_json()["code"] == "PARTICIPATION_NOT_FOUND"
