"""The organization space through sharing's real app: the shared-profiles table (every sort,
the filters, the pages), a person's snapshot and sendings, the figures, and who may read them."""
from __future__ import annotations

import pytest

from .test_space_support import Space, new_id

pytestmark = pytest.mark.unit

SORTS = ("lastName", "firstName", "sharedAt", "totalPix", "profilePercent", "studentNumber")
WIRE = {"lastName": "lastName", "firstName": "firstName", "sharedAt": "sharedAt", "totalPix": "totalPix",
        "profilePercent": "profilePercent", "studentNumber": "studentNumber"}


@pytest.fixture
def space():
    return Space()


@pytest.fixture
def university(space):
    """A SUP organization with five shared profiles, a member and an admin."""
    org = space.organization("Université de Lille", "SUP")
    member, admin = space.member(org), space.member(org, "ADMIN")
    campaign = new_id()
    people = {}
    for last, first, pix, day, student, percent, campaigns in (
            ("Martin", "Zoé", 40, "2026-09-03", "S-003", 30, (campaign,)),
            ("Élie", "Bruno", 12, "2026-10-01", "S-001", 70, ()),
            ("durand", "Anna", 40, "2026-09-02", "S-005", 50, (campaign,)),
            ("Durand", "Émile", 8, "2026-10-05", "S-002", 10, ()),
            ("Abel", "Chloé", 25, "2026-09-20", "S-004", 90, ())):
        user = new_id()
        space.share(org, user, last=last, first=first, pix=pix, at=f"{day}T10:00:00.000000Z", student=student,
                    percent=percent, campaigns=campaigns)
        people[last + first] = user
    return {"org": org, "member": member, "admin": admin, "campaign": campaign, "people": people}


def table(space, u, **query):
    answer = space.get(f"/api/organizations/{u['org']}/profiles", u["member"], **query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def names(body):
    return [f"{r['lastName']} {r['firstName']}" for r in body["rows"]]


def test_the_table_lists_each_row_in_camel_case(space, university):
    body = table(space, university)
    assert (body["total"], body["page"], body["pages"], body["size"]) == (5, 1, 1, 50)
    assert names(body) == ["Abel Chloé", "durand Anna", "Durand Émile", "Élie Bruno", "Martin Zoé"]
    assert body["rows"][-1] == {"userId": university["people"]["MartinZoé"], "lastName": "Martin",
                                "firstName": "Zoé", "sharedAt": "2026-09-03T10:00:00.000000Z", "totalPix": 40,
                                "profilePercent": 30, "studentNumber": "S-003",
                                "campaignIds": [university["campaign"]]}


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_every_column_sorts_both_ways_with_ties_in_a_stable_order(space, university, sort, order):
    body = table(space, university, sort=sort, order=order)
    values = [r[WIRE[sort]] for r in body["rows"]]
    folded = [v.casefold().replace("é", "e") if isinstance(v, str) else v for v in values]
    assert folded == sorted(folded, reverse=order == "desc")
    assert body == table(space, university, sort=sort, order=order)
    if sort == "totalPix":  # two people at 40: the same order on every request, by id
        tied = [r["userId"] for r in body["rows"] if r["totalPix"] == 40]
        assert tied == sorted(tied)


def test_the_name_filter_ignores_case_and_accents(space, university):
    assert names(table(space, university, name="DURAND")) == ["durand Anna", "Durand Émile"]
    assert names(table(space, university, name="durand emile")) == ["Durand Émile"]
    assert names(table(space, university, name="elie")) == ["Élie Bruno"]
    assert names(table(space, university, name="chloe")) == ["Abel Chloé"]
    assert table(space, university, name="Martinez")["total"] == 0


def test_the_campaign_filter_and_pages(space, university):
    body = table(space, university, campaign=university["campaign"], sort="sharedAt")
    assert names(body) == ["durand Anna", "Martin Zoé"] and body["total"] == 2
    assert table(space, university, campaign=new_id())["rows"] == []
    first, last = table(space, university, size=2), table(space, university, size=2, page=3)
    assert (first["pages"], names(first), names(last)) == (3, ["Abel Chloé", "durand Anna"], ["Martin Zoé"])
    assert table(space, university, size=2, page=4)["rows"] == []


@pytest.mark.parametrize("query, code", [
    ({"sort": "email"}, "PROFILES_SORT_UNKNOWN"), ({"order": "up"}, "PROFILES_ORDER_UNKNOWN"),
    ({"page": 0}, "PAGE_INVALID"), ({"size": 0}, "PAGE_SIZE_INVALID"), ({"size": 101}, "PAGE_SIZE_INVALID"),
    ({"name": "x" * 201}, "PROFILES_NAME_TOO_LONG")])
def test_a_wrong_query_is_refused_with_its_code(space, university, query, code):
    answer = space.get(f"/api/organizations/{university['org']}/profiles", university["member"], **query)
    assert answer.status_code == 422
    assert code in str(answer.get_json())


def test_a_new_share_shows_on_the_next_request(space, university):
    assert table(space, university)["total"] == 5
    space.share(university["org"], new_id(), last="Aaron", first="Paul", at="2026-11-01T10:00:00.000000Z")
    body = table(space, university)
    assert body["total"] == 6 and names(body)[0] == "Aaron Paul"


def test_other_organizations_do_not_show_the_student_number(space):
    college = space.organization("Collège Jean Moulin", "SCO")
    member = space.member(college)
    space.share(college, new_id(), last="Martin", first="Léa", at="2026-09-01T10:00:00.000000Z")
    rows = space.get(f"/api/organizations/{college}/profiles", member).get_json()["rows"]
    assert rows[0]["studentNumber"] is None


def test_a_snapshot_with_every_sending_to_this_organization(space, university):
    org, user = university["org"], new_id()
    first = space.share(org, user, last="Petit", first="Jean", pix=10, at="2026-09-01T10:00:00.000000Z",
                        student="S-9")
    elsewhere = space.organization("Ailleurs", "PRO")
    space.share(elsewhere, user, last="Petit", first="Jean", pix=15, at="2026-09-15T10:00:00.000000Z")
    latest = space.share(org, user, last="Petit", first="Jean", pix=20, at="2026-10-01T10:00:00.000000Z",
                         student="S-9", levels="3" + "0" * 15)
    answer = space.get(f"/api/organizations/{org}/profiles/{user}", university["member"])
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert {k: body[k] for k in ("userId", "lastName", "firstName", "studentNumber", "sharedAt", "totalPix",
                                 "profilePercent", "certifiableCompetences")} == {
        "userId": user, "lastName": "Petit", "firstName": "Jean", "studentNumber": "S-9",
        "sharedAt": "2026-10-01T10:00:00.000000Z", "totalPix": 20, "profilePercent": 50,
        "certifiableCompetences": 1}
    assert body["competences"][0] == {"code": "1.1", "level": 3, "pix": 20} and len(body["competences"]) == 16
    assert body["history"] == [{"shareId": latest, "sharedAt": "2026-10-01T10:00:00.000000Z", "totalPix": 20},
                               {"shareId": first, "sharedAt": "2026-09-01T10:00:00.000000Z", "totalPix": 10}]


def test_no_snapshot_of_someone_who_did_not_share_with_this_organization(space, university):
    elsewhere = space.organization("Ailleurs", "PRO")
    stranger = new_id()
    space.share(elsewhere, stranger, last="Petit", first="Jean", at="2026-09-15T10:00:00.000000Z")
    for user in (stranger, new_id(), "not-a-uuid"):
        answer = space.get(f"/api/organizations/{university['org']}/profiles/{user}", university["member"])
        assert answer.status_code == 404
        assert answer.get_json()["code"] == "SHARED_PROFILE_NOT_FOUND"
        assert answer.get_json()["message"] == "Cette personne n'a pas partagé de profil avec l'organisation."


def test_the_figures(space):
    org = space.organization("Lycée", "SCO")
    member = space.member(org)
    space.share(org, new_id(), last="A", first="A", pix=16, percent=20, at="2026-09-01T10:00:00.000000Z",
                levels="2" + "0" * 14 + "8")
    space.share(org, new_id(), last="B", first="B", pix=8, percent=40, at="2026-09-20T10:00:00.000000Z",
                levels="1" + "0" * 15)
    space.share(org, new_id(), last="C", first="C", pix=0, percent=0, at="2026-10-02T10:00:00.000000Z")
    answer = space.get(f"/api/organizations/{org}/statistics", member)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["count"], body["averagePix"], body["averagePercent"]) == (3, 8.0, 20.0)
    first, last = body["competences"][0], body["competences"][-1]
    assert first == {"code": "1.1", "averageLevel": 1.0, "averagePix": 8.0, "levels": [1, 1, 1, 0, 0, 0, 0, 0, 0]}
    assert last == {"code": "5.2", "averageLevel": 2.7, "averagePix": 0.0, "levels": [2, 0, 0, 0, 0, 0, 0, 0, 1]}
    assert len(body["competences"]) == 16
    assert body["months"] == [{"month": "2026-09", "shares": 2, "averagePix": 12.0},
                              {"month": "2026-10", "shares": 1, "averagePix": 0.0}]


def test_the_figures_of_an_organization_nobody_shared_with(space):
    org = space.organization("Vide", "PRO")
    body = space.get(f"/api/organizations/{org}/statistics", space.member(org)).get_json()
    assert (body["count"], body["averagePix"], body["months"]) == (0, 0.0, [])
    assert body["competences"][0]["levels"] == [0] * 9


def routes(org_id: str, user_id: str) -> list[str]:
    base = f"/api/organizations/{org_id}"
    return [f"{base}/profiles", f"{base}/profiles/{user_id}", f"{base}/statistics", f"{base}/profiles.csv",
            f"{base}/profiles.xlsx", f"{base}/profiles.csv?detailed=1"]


def test_who_may_read_an_organization_space(space, university):
    org, someone = university["org"], university["people"]["MartinZoé"]
    other = space.organization("Autre", "SCO")
    member_of_other, admin_of_other = space.member(other), space.member(other, "ADMIN")
    person = new_id()
    unknown = new_id()
    for path in routes(org, someone):
        assert space.get(path, university["member"]).status_code == 200, path
        assert space.get(path, university["admin"]).status_code == 200, path
        assert space.as_super(path).status_code == 200, path
        anonymous = space.get(path, None)
        assert anonymous.status_code == 401 and anonymous.get_json()["code"] == "INVALID_TOKEN"
        refused = [space.get(path, who) for who in (person, member_of_other, admin_of_other)]
        refused.append(space.get(path.replace(org, unknown), university["member"]))
        for answer in refused:
            assert answer.status_code == 404, path
            assert answer.get_json()["code"] == "ORGANIZATION_NOT_FOUND"
        assert len({answer.get_data() for answer in refused}) == 1, path  # nothing tells them apart
        assert all("Martin" not in answer.get_data(as_text=True) for answer in refused)


def test_a_platform_admin_gets_404_for_an_organization_that_does_not_exist(space):
    for path in routes(new_id(), new_id()):
        answer = space.as_super(path)
        assert answer.status_code == 404 and answer.get_json()["code"] == "ORGANIZATION_NOT_FOUND", path
    assert space.as_super("/api/organizations/x.y:z/profiles").status_code == 404


def test_a_removed_row_is_gone_from_table_snapshot_and_figures(space, university):
    from pix_sharing.adapters.tables import ChunkedTable

    org, gone = university["org"], university["people"]["MartinZoé"]
    table(space, university)
    ChunkedTable(space.db["org_tables"], org).remove(gone)
    assert "Martin Zoé" not in names(table(space, university))
    assert space.get(f"/api/organizations/{org}/profiles/{gone}", university["member"]).status_code == 404
    assert space.get(f"/api/organizations/{org}/statistics", university["member"]).get_json()["count"] == 4
    assert "Martin" not in space.get(f"/api/organizations/{org}/profiles.csv", university["member"]).get_data(
        as_text=True)
