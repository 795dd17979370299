"""The shared-profiles exports, parsed back: the CSV with the csv module (`;`), the workbook
with openpyxl. BOM, separator, CRLF, quoting, accents, every formula start neutralized, the
detailed columns, and one person's row equal to their snapshot."""
from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from openpyxl import load_workbook
from pix_sharing.domain import exports
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope

from .test_space_support import CODES, Space, new_id

pytestmark = pytest.mark.unit

INJECTIONS = ["=HYPERLINK(\"http://x\")", "+33 6", "-2+3", "@SUM(A1:A2)", "\tTab", "\rRetour"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_every_formula_start_gets_a_leading_quote(value):
    assert exports.neutralized(value) == "'" + value


@pytest.mark.parametrize("value", ["Martin", "Jean-Pierre", "O'Neil", "", "3 = 3", "É=", "a@b", " =x"])
def test_other_cells_stay_as_they_are(value):
    assert exports.neutralized(value) == value


def test_cells_are_quoted_only_when_they_must():
    assert exports.csv_cell("Martin") == "Martin"
    assert exports.csv_cell("a;b") == '"a;b"'
    assert exports.csv_cell('dit "bonjour"') == '"dit ""bonjour"""'
    assert exports.csv_cell("deux\nlignes") == '"deux\nlignes"'
    assert exports.csv_cell("\rR") == "\"'\rR\""
    assert exports.csv_cell(None) == "" and exports.csv_cell(12) == "12"
    assert exports.csv_line(["a", "b;c", ""]) == 'a;"b;c";\r\n'


@pytest.mark.parametrize("detailed", [False, True])
@pytest.mark.parametrize("student_number", [False, True])
def test_a_csv_line_is_the_line_of_the_guarded_cells(detailed, student_number):
    rows = [{"l": value, "f": "Zoé;x", "s": value, "d": "2026-09-01T10:00:00.000000Z", "p": 12, "n": 5,
             "lv": "3" * 16, "px": list(range(16))} for value in [*INJECTIONS, 'a"b', "plain"]]
    rows.append({"l": "Odd", "f": "Figures", "d": None, "p": -4, "n": 0, "lv": "x1", "px": [-1]})
    for row in rows:
        line = exports.profile_line("=Org", row, student_number=student_number, detailed=detailed)
        cells = exports.profile_cells("=Org", row, student_number=student_number, detailed=detailed)
        assert line == exports.csv_line(cells)
        assert next(csv.reader(io.StringIO(line, newline=""), delimiter=";")) == cells


def test_file_names():
    assert exports.export_filename("Université de Lille", None, "2026-09-01", "csv") == \
        "Université-de-Lille-2026-09-01.csv"
    assert exports.export_filename("A/B: «C»", "Rentrée 2026", "2026-09-01", "xlsx") == \
        "AB-«C»-Rentrée-2026-2026-09-01.xlsx"


@pytest.fixture
def space():
    return Space()


@pytest.fixture
def university(space):
    org = space.organization("Université de Lille", "SUP")
    member = space.member(org)
    people = [("Éléonore", "Ça;va", "S-1"), ('Dit "Bob"', "Zoé", "S-2"), ("Multi\nligne", "Ann", "-S3")]
    people += [(value, f"Inj{i}", f"S-{10 + i}") for i, value in enumerate(INJECTIONS)]
    for i, (last, first, student) in enumerate(people):
        space.share(org, new_id(), last=last, first=first, pix=8 * i, student=student,
                    at=f"2026-09-{i + 1:02d}T10:00:00.000000Z", levels=f"{i % 9}" * 5 + "0" * 11)
    return {"org": org, "member": member, "people": people}


def download(space, u, fmt="csv", **query):
    answer = space.get(f"/api/organizations/{u['org']}/profiles.{fmt}", u["member"], **query)
    assert answer.status_code == 200, answer.get_data()[:500]
    return answer


def parsed_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csv_opens_in_french_spreadsheets(space, university):
    answer = download(space, university)
    assert answer.mimetype == "text/csv" and answer.mimetype_params["charset"] == "utf-8"
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Universit_-de-Lille-2025-03-01.csv"')
    assert "filename*=UTF-8''Universit%C3%A9-de-Lille-2025-03-01.csv" in disposition
    body = answer.get_data()
    text = body.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" in text
    rows = parsed_csv(body)
    assert rows[0] == ["Nom de l'organisation", "Nom du participant", "Prénom du participant", "Numéro étudiant",
                       "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
                       "Nombre de compétences certifiables"]
    by_first = {row[2]: row for row in rows[1:]}
    assert len(rows) == 1 + len(university["people"])
    assert by_first["Ça;va"] == ["Université de Lille", "Éléonore", "Ça;va", "S-1", "O", "2026-09-01", "0", "N", "0"]
    assert by_first["Zoé"][1] == 'Dit "Bob"'
    assert by_first["Ann"][1] == "Multi\nligne" and by_first["Ann"][3] == "'-S3"
    assert by_first["Inj0"][7:] == ["O", "5"]  # five competences at level 3: certifiable


def test_every_injection_is_neutralized_in_the_csv(space, university):
    rows = parsed_csv(download(space, university).get_data())
    by_first = {row[2]: row for row in rows[1:]}
    for i, value in enumerate(INJECTIONS):
        assert by_first[f"Inj{i}"][1] == "'" + value
    for row in rows:
        assert not any(cell.startswith(exports.FORMULA_STARTS) for cell in row)


def test_the_detailed_csv_adds_a_level_and_pix_column_per_competence(space, university):
    rows = parsed_csv(download(space, university, detailed=1).get_data())
    assert len(rows[0]) == 9 + 32
    assert rows[0][9:11] == ["Niveau pour la compétence 1.1", "Nombre de pix pour la compétence 1.1"]
    assert rows[0][-1] == "Nombre de pix pour la compétence 5.2"
    row = next(r for r in rows if r[2] == "Inj2")  # the sixth person: level 5 in five competences, 40 pix
    assert row[9:19:2] == ["5"] * 5 and row[19::2] == ["0"] * 11
    assert row[10] == "40" and row[12::2] == ["0"] * 15


def test_other_organizations_have_no_student_number_column(space):
    org = space.organization("Collège", "SCO")
    member = space.member(org)
    space.share(org, new_id(), last="Martin", first="Léa", at="2026-09-01T10:00:00.000000Z")
    rows = parsed_csv(space.get(f"/api/organizations/{org}/profiles.csv", member).get_data())
    assert "Numéro étudiant" not in rows[0] and len(rows[1]) == len(rows[0]) == 8


def test_an_empty_organization_exports_its_header(space):
    org = space.organization("Vide", "PRO")
    rows = parsed_csv(space.get(f"/api/organizations/{org}/profiles.csv", space.member(org)).get_data())
    assert len(rows) == 1


def sheet_rows(body: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_the_workbook_has_the_csv_cells_as_strings(space, university):
    answer = download(space, university, "xlsx", detailed=1)
    assert answer.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "Universit%C3%A9-de-Lille-2025-03-01.xlsx" in answer.headers["Content-Disposition"]
    rows, _ = sheet_rows(answer.get_data())
    expected = parsed_csv(download(space, university, detailed=1).get_data())
    assert rows == expected
    workbook = load_workbook(io.BytesIO(answer.get_data()))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert all(cell.data_type == "s" for cell in cells)  # no formula, no number
    assert {c.value for c in cells} >= {"'" + v for v in INJECTIONS}


# One person's row against their snapshot, through the real share flow and the "shares" loop.

class Record:
    def __init__(self, key: str, value: bytes) -> None:
        self.key, self.value = key.encode(), value


def deliver(space, loop: str, key: str, value: bytes) -> None:
    subscription = next(s for s in space.service.subscriptions if s.name == loop)
    outcome, error, _ = dispatcher_for(subscription, "unit", sleep=lambda _: None).handle_record(Record(key, value))
    assert (outcome, error) == ("handled", None)


def test_one_persons_row_is_their_snapshot(space):
    org = space.organization("Université de Lille", "SUP")
    space.db["organizations"].insert_one({"_id": "code:WXYZ-6789", "organization_id": org})
    space.db["organizations"].update_one({"_id": org}, {"$set": {"code": "WXYZ-6789"}})
    member, user = space.member(org), new_id()
    person = {"user_id": user, "first_name": "Zoé", "last_name": "=Éléonore", "email": "zoe@example.fr",
              "updated_at": "2025-03-01T09:00:00.000000Z"}
    deliver(space, "people", user, json.dumps(person).encode())
    pix = {c: 4 * i for i, c in enumerate(CODES)}
    competences = [{"code": c, "level": min(p // 8, 5), "pix": p, "progress": p % 8} for c, p in pix.items()]
    deliver(space, "copies", user, Envelope(
        id=str(uuid.uuid4()), type="ProfileUpdated", schema_version=1, source="profile", stream=f"profile-{user}",
        position=1, occurred_at="2025-03-01T09:00:00.000000Z", key=user,
        data={"user_id": user, "total_pix": sum(pix.values()), "competences": competences,
              "updated_at": "2025-03-01T09:00:00.000000Z"}).to_wire())
    sent = space.client.post("/api/shares", json={"organizationCode": "WXYZ-6789", "studentNumber": "S-42"},
                             headers=space.mint.headers(user))
    assert sent.status_code == 201, sent.get_json()
    for envelope in space.service.store.read_stream(f"shares-{user}"):
        deliver(space, "shares", user, envelope.to_wire())

    snapshot = space.get(f"/api/organizations/{org}/profiles/{user}", member).get_json()
    header, row = parsed_csv(space.get(f"/api/organizations/{org}/profiles.csv", member, detailed=1).get_data())
    cells = dict(zip(header, row, strict=True))
    assert cells["Nom du participant"] == "'" + snapshot["lastName"] and snapshot["lastName"] == "=Éléonore"
    assert (cells["Prénom du participant"], cells["Numéro étudiant"]) == (snapshot["firstName"], "S-42")
    assert cells["Date de l'envoi"] == snapshot["sharedAt"][:10]
    assert cells["Nombre de pix total"] == str(snapshot["totalPix"]) == str(sum(pix.values()))
    assert cells["Nombre de compétences certifiables"] == str(snapshot["certifiableCompetences"])
    assert cells["Certifiable (O/N)"] == ("O" if snapshot["certifiableCompetences"] >= 5 else "N")
    for competence in snapshot["competences"]:
        assert cells[f"Niveau pour la compétence {competence['code']}"] == str(competence["level"])
        assert cells[f"Nombre de pix pour la compétence {competence['code']}"] == str(competence["pix"])
    assert [c["pix"] for c in snapshot["competences"]] == list(pix.values())
    listed = space.get(f"/api/organizations/{org}/profiles", member).get_json()["rows"]
    assert listed == [{"userId": user, "lastName": "=Éléonore", "firstName": "Zoé", "sharedAt": snapshot["sharedAt"],
                       "totalPix": snapshot["totalPix"], "profilePercent": snapshot["profilePercent"],
                       "studentNumber": "S-42", "campaignIds": []}]
