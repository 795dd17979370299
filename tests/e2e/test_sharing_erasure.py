"""Issue 11's erasure policy on the running platform (docs/domain.md §7, docs/architecture.md
§5): a person who shared with two organizations and sent a campaign's result deletes their
account; they disappear from both organizations' tables, snapshots, exports and figures, and
from the campaign's table and export, while the people beside them stay. No document of
sharing holds their names afterwards."""
from __future__ import annotations

import uuid

from pymongo import MongoClient

from ..integration.helpers import wait_for
from . import test_erasure as erasure  # a module import: pytest collects no test of it here
from .sharing_world import (
    new_organization,
    parse_csv,
    parse_xlsx,
    person_with_profile,
    profile_of,
    row_of,
    share,
    super_admin,
    table,
    wait_row,
    wait_sharing_copy,
)


def exports_of(member, organization_id: str) -> str:
    path = f"/api/organizations/{organization_id}/profiles"
    csv_rows = parse_csv(member.get(f"{path}.csv", params={"detailed": 1}))
    xlsx_rows = parse_xlsx(member.get(f"{path}.xlsx", params={"detailed": 1}))
    return "\n".join(";".join(map(str, row)) for row in [*csv_rows, *xlsx_rows])


def campaign_files(member, campaign_id: str) -> str:
    csv_rows = parse_csv(member.get(f"/api/campaigns/{campaign_id}/results.csv"))
    xlsx_rows = parse_xlsx(member.get(f"/api/campaigns/{campaign_id}/results.xlsx"))
    return "\n".join(";".join(map(str, row)) for row in [*csv_rows, *xlsx_rows])


def participants(member, campaign_id: str) -> dict:
    return member.ok("GET", f"/api/campaigns/{campaign_id}/participants", params={"size": 100})


def test_an_anonymized_person_disappears_from_every_organization_and_campaign(platform):
    base, tag = platform.gateway_url, uuid.uuid4().hex[:6]
    admin = super_admin(platform)
    one = new_organization(platform, admin, "SCO", f"Collège Oubli {tag}")
    two = new_organization(platform, admin, "PRO", f"Atelier Oubli {tag}")
    campaign = one.admin.ok("POST", f"/api/organizations/{one.id}/campaigns", 201,
                            json={"title": f"Collecte Oubli {tag}", "kind": "PROFILES_COLLECTION",
                                  "targetCompetences": [], "targetTubes": [], "multipleSendings": False})
    leaving = person_with_profile(base, "1.3", (True,), "Oublie", f"Effacée{tag}")
    staying = person_with_profile(base, "2.1", (True, False), "Reste", f"Présent{tag}")
    for person in (leaving, staying):
        wait_sharing_copy(person, one.code, profile_of(person)["totalPix"])
        for organization in (one, two):
            sent = share(person, organization)
            wait_row(organization.admin, organization.id, person.id, sent["sharedAt"])
        joined = person.ok("POST", "/api/campaigns/participations", 201, json={"campaignCode": campaign["code"]})
        sent = person.ok("POST", f"/api/campaigns/participations/{joined['participationId']}/share")
        wait_row(one.admin, one.id, person.id, sent["sharedAt"])
    wait_for(lambda: participants(one.admin, campaign["id"])["total"] == 2, timeout=30)
    names = [leaving.person.last_name, leaving.person.email]
    for organization in (one, two):
        assert leaving.person.last_name in exports_of(organization.admin, organization.id)
        assert organization.admin.ok("GET", f"/api/organizations/{organization.id}/statistics")["count"] == 2
    assert leaving.person.last_name in campaign_files(one.admin, campaign["id"])

    assert leaving.call("DELETE", "/api/users/me").status_code == 204

    def gone_everywhere():
        for organization in (one, two):
            member = organization.admin
            if row_of(member, organization.id, leaving.id) is not None:
                return False
            if table(member, organization.id)["total"] != 1:
                return False
            if member.get(f"/api/organizations/{organization.id}/profiles/{leaving.id}").status_code != 404:
                return False
            if member.ok("GET", f"/api/organizations/{organization.id}/statistics")["count"] != 1:
                return False
        rows = participants(one.admin, campaign["id"])
        return rows["total"] == 1 and [r["userId"] for r in rows["rows"]] == [staying.id]
    wait_for(gone_everywhere, timeout=30, interval=0.3)

    for organization in (one, two):
        member = organization.admin
        snapshot = member.get(f"/api/organizations/{organization.id}/profiles/{leaving.id}")
        assert snapshot.json()["code"] == "SHARED_PROFILE_NOT_FOUND"
        files = exports_of(member, organization.id)
        assert all(name not in files for name in names) and staying.person.last_name in files
        figures = member.ok("GET", f"/api/organizations/{organization.id}/statistics")
        staying_pix = row_of(member, organization.id, staying.id)["totalPix"]
        assert figures["count"] == 1 and figures["averagePix"] == staying_pix
        assert sum(figures["months"][i]["shares"] for i in range(len(figures["months"]))) == 1
        for competence in figures["competences"]:
            assert sum(competence["levels"]) == 1, competence
        assert all(name not in str(figures) for name in names)
    files = campaign_files(one.admin, campaign["id"])
    assert all(name not in files for name in names) and staying.person.last_name in files
    assert one.admin.ok("GET", f"/api/campaigns/{campaign['id']}")["participants"] == 1

    # Nothing of sharing's keeps their names, e-mail or student number (vaults included).
    settings = platform.settings("sharing")
    mongo = MongoClient(settings.mongo_uri)
    try:
        wait_for(lambda: [found for found in erasure.documents_mentioning(mongo, settings.db_prefix, names)
                          if found.startswith(settings.db_name)] == [], timeout=30)
    finally:
        mongo.close()
