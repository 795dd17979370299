"""Issue 11's share flow on the running platform, through the gateway: a super admin creates
a university, its admin accepts the mailed invitation; people with a real profile (they took
a test) share it by code — every message of the flow first — and the row appears in the
organization's table. The snapshot is the profile at the moment of sharing, whatever the
profile does next; sharing again updates the row and the history; the table sorts, filters
and pages; the CSV and XLSX exports, parsed back, hold the person's snapshot."""
from __future__ import annotations

import unicodedata
import uuid

import pytest
import requests

from .sharing_world import (
    Organization,
    anonymous,
    my_shares,
    new_organization,
    parse_csv,
    parse_xlsx,
    person_with_profile,
    profile_of,
    row_of,
    share,
    super_admin,
    table,
    take_test,
    wait_profile_above,
    wait_row,
    wait_sharing_copy,
)

SORTS = ("lastName", "firstName", "sharedAt", "totalPix", "profilePercent", "studentNumber")


@pytest.fixture(scope="module")
def university(platform) -> Organization:
    return new_organization(platform, super_admin(platform), "SUP", f"Université Lumière {uuid.uuid4().hex[:6]}")


def spaced(code: str) -> str:
    """The code as a person may type it: lower case, spaces, no dash."""
    letters, digits = code.split("-")
    return f" {letters.lower()} {digits[:2]} {digits[2:]} "


def public_profile(profile: dict) -> dict:
    """The figures of a preview or snapshot that the organization receives."""
    return {"totalPix": profile["totalPix"], "profilePercent": profile["profilePercent"],
            "certifiableCompetences": profile["certifiableCompetences"],
            "competences": [{k: c[k] for k in ("code", "level", "pix")} for c in profile["competences"]]}


def as_profile_says(profile: dict) -> dict:
    """Level and pix of each competence with pix, as profile's own API gives them."""
    return {c["code"]: (c["level"], c["pix"]) for c in profile["competences"] if c["pix"]}


def test_the_share_flow_says_every_message_then_sends_the_profile_as_it_is(platform, university):
    base = platform.gateway_url
    person = person_with_profile(base, "1.3", (True,), "Léa", f"Martin{uuid.uuid4().hex[:6]}")
    profile = profile_of(person)

    for typed, status, code, message in (
            ("", 422, "ORGANIZATION_CODE_EMPTY", "Veuillez saisir le code de l'organisation."),
            ("   ", 422, "ORGANIZATION_CODE_EMPTY", "Veuillez saisir le code de l'organisation."),
            ("ZZZZ-9999", 404, "ORGANIZATION_CODE_UNKNOWN", "Ce code ne correspond à aucune organisation."),
            ("not a code", 404, "ORGANIZATION_CODE_UNKNOWN", "Ce code ne correspond à aucune organisation.")):
        sent = person.post("/api/shares", json={"organizationCode": typed, "studentNumber": "21001234"})
        assert sent.status_code == status, (typed, sent.text)
        assert (sent.json()["code"], sent.json()["message"]) == (code, message)
        previewed = person.get("/api/shares/preview", params={"code": typed})
        assert (previewed.status_code, previewed.json()["code"]) == (status, code)
    assert person.ok("GET", "/api/shares") == {"shares": []}  # nothing was sent

    # The organization's name to confirm, whatever the spacing and case of the code.
    confirmed = person.ok("GET", f"/api/organizations/by-code/{spaced(university.code)}")
    assert confirmed == {"id": university.id, "displayName": university.name, "type": "SUP"}
    preview = wait_sharing_copy(person, spaced(university.code), profile["totalPix"])
    assert preview["organization"] == confirmed and preview["studentNumberRequired"] is True

    for missing in ({}, {"studentNumber": ""}, {"studentNumber": "   "}):
        refused = person.post("/api/shares", json={"organizationCode": university.code, **missing})
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "STUDENT_NUMBER_REQUIRED"
        assert refused.json()["message"] == "Votre numéro d'étudiant n'est pas renseigné."
    assert anonymous(base).post("/api/shares", json={"organizationCode": university.code}).status_code == 401

    sent = person.ok("POST", "/api/shares", 201,
                     json={"organizationCode": spaced(university.code), "studentNumber": " 21001234 "})
    assert sent["organizationId"] == university.id
    mine = my_shares(person, 1)
    assert mine == [{"shareId": sent["shareId"], "organizationId": university.id, "displayName": university.name,
                     "sharedAt": sent["sharedAt"], "campaignId": None}]

    row = wait_row(university.admin, university.id, person.id, sent["sharedAt"])
    assert row == {"userId": person.id, "lastName": person.person.last_name, "firstName": person.person.first_name,
                   "sharedAt": sent["sharedAt"], "totalPix": preview["profile"]["totalPix"],
                   "profilePercent": preview["profile"]["profilePercent"], "studentNumber": "21001234",
                   "campaignIds": []}
    snapshot = university.admin.ok("GET", f"/api/organizations/{university.id}/profiles/{person.id}")
    assert public_profile(snapshot) == public_profile(preview["profile"])
    assert as_profile_says(snapshot) == as_profile_says(profile) and snapshot["totalPix"] == profile["totalPix"]
    assert snapshot["history"] == [{"shareId": sent["shareId"], "sharedAt": sent["sharedAt"],
                                    "totalPix": preview["profile"]["totalPix"]}]
    assert (snapshot["lastName"], snapshot["firstName"], snapshot["studentNumber"]) == (
        person.person.last_name, person.person.first_name, "21001234")


def test_the_snapshot_stays_as_sent_and_sharing_again_updates_the_row_and_history(platform, university):
    base = platform.gateway_url
    person = person_with_profile(base, "2.1", (True, False), "Hugo", f"Bernard{uuid.uuid4().hex[:6]}")
    before = profile_of(person)
    wait_sharing_copy(person, university.code, before["totalPix"])
    first = share(person, university, studentNumber="21005000")
    wait_row(university.admin, university.id, person.id, first["sharedAt"])
    path = f"/api/organizations/{university.id}/profiles/{person.id}"
    sent = university.admin.ok("GET", path)

    take_test(person, "3.1", (True,))  # the profile changes after the share…
    after = wait_profile_above(person, before["totalPix"])
    wait_sharing_copy(person, university.code, after["totalPix"])  # …and sharing's copy has it
    assert university.admin.ok("GET", path) == sent
    assert row_of(university.admin, university.id, person.id)["totalPix"] == before["totalPix"]

    second = share(person, university, studentNumber="21005000")
    row = wait_row(university.admin, university.id, person.id, second["sharedAt"])
    assert row["totalPix"] == after["totalPix"]
    latest = university.admin.ok("GET", path)
    assert latest["totalPix"] == after["totalPix"]
    assert {c["code"]: c["pix"] for c in latest["competences"]}["3.1"] > 0
    assert latest["history"] == [  # every sending, newest first
        {"shareId": second["shareId"], "sharedAt": second["sharedAt"], "totalPix": after["totalPix"]},
        {"shareId": first["shareId"], "sharedAt": first["sharedAt"], "totalPix": before["totalPix"]}]
    assert [s["shareId"] for s in my_shares(person, 2)] == [second["shareId"],
                                                                                  first["shareId"]]
    counted = table(university.admin, university.id, name=person.person.last_name)
    assert counted["total"] == 1  # one row per person, however often they share


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def key_of(row: dict, sort: str):
    value = row[sort]
    return fold(value) if isinstance(value, str) else value


def every_row(member, organization_id: str, **params) -> list[dict]:
    body = table(member, organization_id, size=100, **params)
    assert body["pages"] == 1, "more rows than one page in a fresh organization"
    return body["rows"]


def test_the_table_sorts_by_every_column_filters_by_name_and_pages(platform, university):
    base = platform.gateway_url
    tag = uuid.uuid4().hex[:6]
    names = [("Zoé", f"Évrard{tag}", (True,), "1.1", "3"), ("Adèle", f"Aubert{tag}", (True, False, False), "4.2", "1"),
             ("Marc", f"Moulin{tag}", (True, True, False), "5.2", "2")]
    for first, last, pattern, code, number in names:
        person = person_with_profile(base, code, pattern, first, last)
        wait_sharing_copy(person, university.code, profile_of(person)["totalPix"])
        sent = share(person, university, studentNumber=f"2100{number}")
        wait_row(university.admin, university.id, person.id, sent["sharedAt"])

    member = university.admin
    rows = every_row(member, university.id)
    assert len(rows) >= 3
    for sort in SORTS:
        for order in ("asc", "desc"):
            got = every_row(member, university.id, sort=sort, order=order)
            assert sorted(r["userId"] for r in got) == sorted(r["userId"] for r in rows)
            keys = [key_of(r, sort) for r in got]
            assert keys == sorted(keys, reverse=order == "desc"), (sort, order, keys)

    # By name: accents and case ignored, first or last name.
    for typed in (f"evrard{tag}", f"ÉVRARD{tag}", f"aubert{tag}".upper()):
        hits = every_row(member, university.id, name=typed)
        assert len(hits) == 1 and fold(hits[0]["lastName"]) == fold(typed), typed
    assert every_row(member, university.id, name=f"nobody{tag}") == []
    assert table(member, university.id, name=f"nobody{tag}")["total"] == 0

    # Pages of one row, in the order asked, make the whole table.
    whole = [r["userId"] for r in every_row(member, university.id, sort="lastName", order="asc")]
    first_page = table(member, university.id, sort="lastName", order="asc", size=1, page=1)
    assert (first_page["total"], first_page["pages"], first_page["size"], first_page["page"]) == (
        len(whole), len(whole), 1, 1)
    paged = [table(member, university.id, sort="lastName", order="asc", size=1, page=n)["rows"][0]["userId"]
             for n in range(1, len(whole) + 1)]
    assert paged == whole
    assert table(member, university.id, size=50)["size"] == 50
    assert table(member, university.id)["size"] == 50  # the default page
    for bad in ({"size": 0}, {"size": 101}, {"page": 0}, {"sort": "email"}, {"order": "up"}):
        answer = member.get(f"/api/organizations/{university.id}/profiles", params=bad)
        assert answer.status_code == 422, (bad, answer.text)


def cells_by_header(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


PLAIN_COLUMNS = ["Nom de l'organisation", "Nom du participant", "Prénom du participant", "Numéro étudiant",
                 "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
                 "Nombre de compétences certifiables"]


def test_the_exports_parse_back_with_the_persons_snapshot(platform, university):
    base = platform.gateway_url
    tag = uuid.uuid4().hex[:6]
    last_name = f'=Pe"tit;{tag}'  # a formula start, a quote and the separator: all survive the trip
    person = person_with_profile(base, "3.2", (True, False), "Inès", last_name)
    wait_sharing_copy(person, university.code, profile_of(person)["totalPix"])
    sent = share(person, university, studentNumber="+33 21009999")
    wait_row(university.admin, university.id, person.id, sent["sharedAt"])
    member = university.admin
    snapshot = member.ok("GET", f"/api/organizations/{university.id}/profiles/{person.id}")
    path = f"/api/organizations/{university.id}/profiles"

    answer = member.get(f"{path}.csv")
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in answer.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in answer.headers["Content-Disposition"]
    assert f'"\'=Pe""tit;{tag}"' in answer.content.decode("utf-8")  # quoted, quote doubled, neutralized
    plain_rows = parse_csv(answer)
    detailed_rows = parse_csv(member.get(f"{path}.csv", params={"detailed": 1}))
    xlsx = member.get(f"{path}.xlsx")
    assert "spreadsheetml" in xlsx.headers["Content-Type"]
    xlsx_rows = [[str(c) for c in row] for row in parse_xlsx(xlsx)]
    detailed_columns = PLAIN_COLUMNS + [f"{kind} pour la compétence {c['code']}" for c in snapshot["competences"]
                                        for kind in ("Niveau", "Nombre de pix")]
    assert plain_rows[0] == PLAIN_COLUMNS and xlsx_rows[0] == PLAIN_COLUMNS
    assert detailed_rows[0] == detailed_columns
    total = table(member, university.id)["total"]
    assert len(plain_rows) == len(detailed_rows) == len(xlsx_rows) == total + 1

    certifiable = "O" if snapshot["certifiableCompetences"] >= 5 else "N"
    expected = {"Nom de l'organisation": university.name, "Nom du participant": "'" + last_name,
                "Prénom du participant": "Inès", "Numéro étudiant": "'+33 21009999", "Envoi (O/N)": "O",
                "Date de l'envoi": sent["sharedAt"][:10], "Nombre de pix total": str(snapshot["totalPix"]),
                "Certifiable (O/N)": certifiable,
                "Nombre de compétences certifiables": str(snapshot["certifiableCompetences"])}
    for rows in (plain_rows, xlsx_rows):
        theirs = [r for r in cells_by_header(rows) if r["Nom du participant"] == "'" + last_name]
        assert theirs == [expected]
    theirs = [r for r in cells_by_header(detailed_rows) if r["Nom du participant"] == "'" + last_name]
    assert theirs == [{**expected, **{f"Niveau pour la compétence {c['code']}": str(c["level"])
                                      for c in snapshot["competences"]},
                       **{f"Nombre de pix pour la compétence {c['code']}": str(c["pix"])
                          for c in snapshot["competences"]}}]
    assert len(snapshot["competences"]) == 16


def test_the_messages_in_english_and_no_student_number_outside_higher_education(platform):
    base = platform.gateway_url
    school = new_organization(platform, super_admin(platform), "SCO")
    person = person_with_profile(base, "1.1", (True,), "Tom", f"Collège{uuid.uuid4().hex[:6]}")
    english = {**person.auth, "Accept-Language": "en"}
    unknown = requests.post(f"{base}/api/shares", json={"organizationCode": "ZZZZ-9999"},
                            headers={**person.headers(), **english}, timeout=15)
    assert (unknown.status_code, unknown.json()["message"]) == (404, "This code does not match any organization.")
    preview = wait_sharing_copy(person, school.code, profile_of(person)["totalPix"])
    assert preview["studentNumberRequired"] is False
    sent = share(person, school, studentNumber="21001111")  # typed, but a school never receives it
    row = wait_row(school.admin, school.id, person.id, sent["sharedAt"])
    assert row["studentNumber"] is None
    snapshot = school.admin.ok("GET", f"/api/organizations/{school.id}/profiles/{person.id}")
    assert snapshot["studentNumber"] is None
    header = parse_csv(school.admin.get(f"/api/organizations/{school.id}/profiles.csv"))[0]
    assert "Numéro étudiant" not in header


def test_the_figures_are_those_of_the_latest_snapshots(platform, university):
    """The observatory's figures, recomputed here from every person's latest snapshot."""
    member = university.admin
    rows = every_row(member, university.id)
    assert rows, "the module's earlier tests shared nothing"
    snapshots = [member.ok("GET", f"/api/organizations/{university.id}/profiles/{r['userId']}") for r in rows]
    figures = member.ok("GET", f"/api/organizations/{university.id}/statistics")
    count = len(snapshots)

    def average(values) -> float:
        return round(sum(values) / count, 1)
    assert figures["count"] == count
    assert figures["averagePix"] == average(s["totalPix"] for s in snapshots)
    assert figures["averagePercent"] == average(s["profilePercent"] for s in snapshots)
    for n, competence in enumerate(figures["competences"]):
        theirs = [s["competences"][n] for s in snapshots]
        assert {t["code"] for t in theirs} == {competence["code"]}
        assert competence["levels"] == [sum(1 for t in theirs if t["level"] == level) for level in range(9)]
        assert competence["averageLevel"] == average(t["level"] for t in theirs)
        assert competence["averagePix"] == average(t["pix"] for t in theirs)
    months: dict[str, list[int]] = {}
    for s in snapshots:
        months.setdefault(s["sharedAt"][:7], []).append(s["totalPix"])
    assert figures["months"] == [{"month": m, "shares": len(p), "averagePix": round(sum(p) / len(p), 1)}
                                 for m, p in sorted(months.items())]
