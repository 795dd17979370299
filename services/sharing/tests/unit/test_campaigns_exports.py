"""A campaign's results files parsed back: the columns of docs/domain.md §7, BOM, `;`, CRLF,
quoting, accents, injection guards, one person's row equal to what they sent; the .xlsx
with the same cells; the file name."""
import csv
import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from pix_contracts.framework import COMPETENCE_CODES

from .test_campaigns_support import Platform

pytestmark = pytest.mark.unit


def parse(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8")[1:]
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _collection(world: Platform, type_="PRO"):
    org = world.organization(type_, "Université « Côte » ; Nord")
    member = world.member(org)
    created = world.create(org, member, kind="PROFILES_COLLECTION", title="Rentrée ; 2025")
    return org, member, created


def test_a_profile_collection_csv_has_the_columns_and_the_sent_snapshot():
    world = Platform()
    _, member, created = _collection(world, "SUP")
    user = world.person("Hélène", "=HYPERLINK(\"x\")")
    world.profile(user, {"1.1": 3, "2.1": 2, "3.1": 1, "4.1": 1, "5.1": 1})
    waiting = world.person("@Zoé", "-Durand")
    participation = world.join(user, created["code"], studentNumber="+33;1").get_json()["participationId"]
    assert world.join(waiting, created["code"], studentNumber="@2024").status_code == 201
    world.share(user, participation)
    world.pump()
    answer = world.client.get(f"/api/campaigns/{created['id']}/results.csv", headers=world.headers(member))
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    disposition = answer.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith(
        "Université-«-Côte-»-Nord-Rentrée-2025-") and disposition.endswith(".csv")
    header, *rows = parse(answer.get_data())
    assert header[:13] == ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne",
                           "Nom du participant", "Prénom du participant", "Numéro étudiant", "Identifiant externe",
                           "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
                           "Nombre de compétences certifiables"]
    assert header[13:] == [name for code in COMPETENCE_CODES for name in (
        f"Niveau pour la compétence {code}", f"Nombre de pix pour la compétence {code}")]
    by_first = {row[5]: row for row in rows}
    sent = by_first["Hélène"]
    assert sent[:13] == ["Université « Côte » ; Nord", created["id"], created["code"], "Rentrée ; 2025",
                         "'=HYPERLINK(\"x\")", "Hélène", "'+33;1", "", "O", "2025-03-01", "64", "O", "5"]
    assert sent[13:17] == ["3", "24", "0", "0"] and sent[19:21] == ["2", "16"]
    waiting_row = by_first["'@Zoé"]
    assert waiting_row[4] == "'-Durand" and waiting_row[6] == "'@2024"
    assert waiting_row[8:] == ["N", ""] + [""] * 3 + [""] * 32  # nothing sent, nothing shown
    raw = answer.get_data().decode("utf-8")
    assert '"Université « Côte » ; Nord"' in raw and '"\'=HYPERLINK(""x"")"' in raw


def test_an_assessment_csv_adds_progress_start_and_masteries():
    world = Platform()
    org = world.organization()
    member = world.member(org)
    created = world.create(org, member)
    user, other = world.person("Alice", "Martin"), world.person("Bruno", "Durand")
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.join(other, created["code"])
    world.pump()
    world.deliver(world.completed(participation, user, created["id"], mastery=42))
    world.share(user, participation)
    world.pump()
    answer = world.client.get(f"/api/campaigns/{created['id']}/results.csv", headers=world.headers(member))
    header, *rows = parse(answer.get_data())
    assert header == ["Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Nom du participant",
                      "Prénom du participant", "Identifiant externe", "% de progression", "Date de début",
                      "Envoi (O/N)", "Date de l'envoi", "% de maîtrise de l'ensemble des acquis du profil",
                      "% de maîtrise des acquis de la compétence 1.1", "% de maîtrise des acquis de la compétence 3.4",
                      "% de maîtrise des acquis du domaine 1", "% de maîtrise des acquis du domaine 3"]
    by_first = {row[5]: row for row in rows}
    assert by_first["Alice"][6:] == ["", "100", "2025-03-01", "O", "2025-03-01", "42", "50", "33", "50", "33"]
    assert by_first["Bruno"][6:] == ["", "0", "2025-03-01", "N", "", "", "", "", "", ""]


def test_an_assessment_on_tubes_names_the_competences_its_results_name():
    world = Platform()
    org = world.organization()
    member = world.member(org)
    created = world.create(org, member, targetCompetences=[], targetTubes=["@motscles"])
    user = world.person()
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.pump()
    world.deliver(world.completed(participation, user, created["id"], mastery=66, competences=(("2.2", 2, 3),)))
    world.share(user, participation)
    world.pump()
    header, row = parse(world.client.get(f"/api/campaigns/{created['id']}/results.csv",
                                         headers=world.headers(member)).get_data())
    assert header[-2:] == ["% de maîtrise des acquis de la compétence 2.2", "% de maîtrise des acquis du domaine 2"]
    assert row[-3:] == ["66", "66", "66"]


def test_the_xlsx_holds_the_same_cells():
    world = Platform()
    _, member, created = _collection(world)
    user = world.person("Hélène", "=1+1")
    world.profile(user, {"1.1": 2})
    world.share(user, world.join(user, created["code"]).get_json()["participationId"])
    world.pump()
    csv_rows = parse(world.client.get(f"/api/campaigns/{created['id']}/results.csv",
                                      headers=world.headers(member)).get_data())
    answer = world.client.get(f"/api/campaigns/{created['id']}/results.xlsx", headers=world.headers(member))
    assert answer.status_code == 200 and answer.headers["Content-Disposition"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(answer.get_data()), read_only=True).active
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == csv_rows
    assert cells[1][4] == "'=1+1"
