"""The import's files: templates filled in as a user would (openpyxl, odfpy) and read back,
CSV variants, and the files refused before any line is looked at."""
import csv
import datetime as dt
import io
import zipfile

import pytest
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import load_workbook
from pix_certification.adapters.candidate_sheets import MAX_FILE_BYTES, parse_candidates, template
from pix_certification.domain.candidates import (
    HEADERS,
    CandidateFileTooLarge,
    CandidateImportRejected,
    EmptyCandidateFile,
    UnreadableCandidateFile,
    UnsupportedCandidateFile,
)

TODAY = dt.date(2026, 12, 2)
ROW = ["Martin", "Élodie", "F", "04/05/2001", "Lyon", "69001", "France", "e@x.fr", None, "ID-7", "30",
       "Prépayée", "PRE-1", "Lecteur d'écran"]


def parse(name, content, **kwargs):
    return parse_candidates(name, content, today=TODAY, **kwargs)


def filled_xlsx(*rows, percent_cell=None):
    workbook = load_workbook(io.BytesIO(template("xlsx")))
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if percent_cell:
        sheet[percent_cell].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_cell(value):
    if isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, float):
        cell = TableCell(valuetype="percentage", value=str(value))
    elif value is None:
        return TableCell()
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def filled_ods(*rows, blank_rows_after=0):
    document = load(io.BytesIO(template("ods")))
    sheet = document.spreadsheet.getElementsByType(Table)[0]
    for row in rows:
        element = TableRow()
        for value in row:
            element.addElement(ods_cell(value))
        sheet.addElement(element)
    if blank_rows_after:
        sheet.addElement(TableRow(numberrowsrepeated=blank_rows_after))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_the_templates_carry_the_french_headers():
    assert load_workbook(io.BytesIO(template("xlsx"))).active["A1"].value == "Nom de naissance"
    header = load(io.BytesIO(template("ods"))).spreadsheet.getElementsByType(TableRow)[0]
    assert [str(cell) for cell in header.getElementsByType(TableCell)] == list(HEADERS)


def test_an_xlsx_template_filled_in_reads_back_with_real_dates_and_percentages():
    second = ["Durand", "Paul", "M", dt.datetime(1990, 1, 31), "Ajaccio", "20000", "France", "p@x.fr",
              None, 12345, 0.3, "Payante"]
    first, other = parse("liste.XLSX", filled_xlsx(ROW, second, percent_cell="K3"))
    assert (first.billing_mode, first.prepayment_code, first.extra_time_percentage) == ("prepaid", "PRE-1", 30)
    assert (other.birth_date, other.external_id, other.extra_time_percentage) == (dt.date(1990, 1, 31), "12345", 30)


def test_an_ods_template_filled_in_reads_back_past_its_repeated_blank_rows():
    row = ROW[:3] + [dt.date(2001, 5, 4)] + ROW[4:10] + [0.25] + ROW[11:]
    [candidate] = parse("liste.ods", filled_ods(row, blank_rows_after=1_000_000))
    assert (candidate.birth_date, candidate.extra_time_percentage) == (dt.date(2001, 5, 4), 25)


def test_a_bad_line_is_reported_with_the_line_the_user_sees_and_nothing_is_returned():
    bad = ROW[:2] + ["X"] + ROW[3:]
    content = filled_xlsx(ROW, [], bad)
    with pytest.raises(CandidateImportRejected) as refused:
        parse("liste.xlsx", content)
    assert refused.value.details["problems"] == [{"line": 4, "field": "sex", "code": "UNKNOWN_VALUE"}]
    with pytest.raises(CandidateImportRejected) as refused:
        parse("liste.ods", filled_ods(bad, ROW[:3] + ["32/01/2001"] + ROW[4:]))
    assert refused.value.details["problems"] == [{"line": 2, "field": "sex", "code": "UNKNOWN_VALUE"},
                                                 {"line": 3, "field": "birth_date", "code": "NOT_A_DATE"}]


def csv_bytes(separator, bom):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=separator)  # quotes the cells holding a separator
    writer.writerows([HEADERS, ROW[:-1] + ["écran, loupe; gros"]])
    return (b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode()


@pytest.mark.parametrize(("separator", "bom"), [(";", True), (";", False), (",", True), (",", False)])
def test_csv_in_utf8_with_either_separator_and_with_or_without_bom(separator, bom):
    [candidate] = parse("liste.csv", csv_bytes(separator, bom))
    assert (candidate.last_name, candidate.accessibility_needs) == ("Martin", "écran, loupe; gros")


def test_a_csv_that_is_not_utf8_is_unreadable():
    with pytest.raises(UnreadableCandidateFile):
        parse("liste.csv", ";".join(HEADERS).encode("cp1252"))


@pytest.mark.parametrize(("name", "content", "error"), [
    ("liste.xls", b"anything", UnsupportedCandidateFile),
    ("liste", b"anything", UnsupportedCandidateFile),
    ("liste.xlsx", b"not a zip", UnreadableCandidateFile),
    ("liste.ods", b"PK\x03\x04 broken", UnreadableCandidateFile),
    ("liste.csv", b"", EmptyCandidateFile),
    ("liste.csv", b"x" * (MAX_FILE_BYTES + 1), CandidateFileTooLarge),
])
def test_files_refused_before_any_line(name, content, error):
    with pytest.raises(error):
        parse(name, content)


def test_a_zip_that_would_unpack_too_far_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    assert len(buffer.getvalue()) < MAX_FILE_BYTES
    with pytest.raises(UnreadableCandidateFile):
        parse("liste.xlsx", buffer.getvalue())
