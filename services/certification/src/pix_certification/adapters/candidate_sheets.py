"""The candidate list as files: reading an imported .csv, .xlsx or .ods into candidates, and
writing the .xlsx and .ods templates a center downloads (docs/domain.md §6).

The rules (columns, checks, duplicates, every problem with its line) are the domain's
(domain/candidates.py); this module only turns bytes into (line, cells) and back. Lines are
the sheet's own numbers, header = line 1, blank lines counted, so that a reported line is
the one the user sees. What a spreadsheet knows is kept: a real date cell stays a date, a
cell formatted as a percentage (0.3 shown as 30 %) is read as 30, a formula is its text
("=A1"), never its result, so a name typed as a formula is data like any other.

Bounds, before any parsing: the file's bytes (MAX_FILE_BYTES), for the zip formats what it
unpacks to (MAX_UNPACKED_BYTES, so a small bomb cannot fill the memory), and reading stops
one line past the list's limit.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from ..domain.candidates import (
    BILLING_LABELS,
    COLUMNS,
    MAX_CANDIDATES,
    Candidate,
    CandidateFileTooLarge,
    EmptyCandidateFile,
    UnreadableCandidateFile,
    UnsupportedCandidateFile,
    candidates_from_rows,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
TEMPLATE_FORMATS = ("xlsx", "ods")
SHEET_NAME = "Candidats"
TEMPLATE_ROWS = MAX_CANDIDATES  # how far down the templates' drop-down lists reach
# Read past the limit by one so that the domain can say "too many" rather than cut silently.
_ROWS_TO_READ = MAX_CANDIDATES + 2
_MAX_EMPTY_RUN = 1024
Row = tuple[int, list[Any]]


def parse_candidates(filename: str, content: bytes, *, today: dt.date | None = None,
                     existing: Iterable[Candidate] = ()) -> list[Candidate]:
    """The candidates of an imported file, all or none: raises a CandidateImportError
    (domain/candidates.py) for an unknown type, an unreadable, too large or empty file, too
    many lines, or with every problem of every line ([{line, field, code}]), including the
    duplicates inside the file and those of `existing` (the session's current list)."""
    rows = read_rows(filename, content)
    return candidates_from_rows(rows, today=today or dt.date.today(), existing=existing)


def file_format(filename: str) -> str:
    """"csv", "xlsx" or "ods", from the file name's extension (any case)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in MEDIA_TYPES:
        raise UnsupportedCandidateFile(formats=", ".join(f".{name}" for name in MEDIA_TYPES))
    return extension


def read_rows(filename: str, content: bytes) -> list[Row]:
    """The file's first sheet as (line, cells), up to one line past the list's limit."""
    fmt = file_format(filename)
    if len(content) > MAX_FILE_BYTES:
        raise CandidateFileTooLarge(limit=MAX_FILE_BYTES)
    if not content.strip():
        raise EmptyCandidateFile()
    if fmt != "csv":
        _check_zip(content)
    try:
        return _READERS[fmt](content)
    except (UnreadableCandidateFile, MemoryError):
        raise
    except Exception as error:  # whatever a damaged file makes a parser raise, it is unreadable
        raise UnreadableCandidateFile() from error


def template(fmt: str) -> bytes:
    """The empty list to fill in: the French headers of domain/candidates.py's COLUMNS."""
    if fmt not in TEMPLATE_FORMATS:
        raise ValueError(f"no candidate template as {fmt!r}")
    return _xlsx_template() if fmt == "xlsx" else _ods_template()


def template_file_name(fmt: str) -> str:
    return f"modele-liste-candidats.{fmt}"


def _check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableCandidateFile() from error
    # The sizes a zip declares are the most a member yields (zipfile stops there).
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise UnreadableCandidateFile()


def _kept(rows: list[Row], line: int, cells: list[Any]) -> bool:
    """Adds the row; False once enough non-empty rows are read."""
    if any(cell is not None and cell != "" for cell in cells):
        rows.append((line, cells))
    return len(rows) < _ROWS_TO_READ


# --- csv -------------------------------------------------------------------------------------

def _read_csv(content: bytes) -> list[Row]:
    try:
        text = content.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as error:
        raise UnreadableCandidateFile() from error
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
    for line, cells in enumerate(reader, start=1):
        if not _kept(rows, line, list(cells)):
            break
    return rows


def _separator(text: str) -> str:
    """`;` (what French spreadsheets write) unless the header holds more `,` than `;`."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return "," if header.count(",") > header.count(";") else ";"


# --- xlsx ------------------------------------------------------------------------------------

def _read_xlsx(content: bytes) -> list[Row]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        rows: list[Row] = []
        # From line 1, missing rows filled in as empty ones: the count is the sheet's line number.
        for line, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
            if not _kept(rows, line, [_xlsx_value(cell) for cell in cells]):
                break
        return rows
    finally:
        workbook.close()


def _xlsx_value(cell) -> Any:
    value = getattr(cell, "value", None)
    number_format = getattr(cell, "number_format", None) or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format:
        return round(value * 100, 6)
    return value


def _xlsx_template() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([header for _, header, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (_, header, _) in enumerate(COLUMNS, start=1):
        column = sheet.column_dimensions[get_column_letter(index)]
        column.width = max(14, len(header) + 2)
        # Text cells keep a postal code's leading zero and a date as typed, jj/mm/aaaa,
        # whatever the spreadsheet's locale would have made of it.
        column.number_format = "@"
    choices = {"sex": '"M,F"', "billing_mode": '"' + ",".join(BILLING_LABELS.values()) + '"'}
    for index, (field, _, _) in enumerate(COLUMNS, start=1):
        if field in choices:
            letter = get_column_letter(index)
            validation = DataValidation(type="list", formula1=choices[field], allow_blank=True)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- ods -------------------------------------------------------------------------------------

def _read_ods(content: bytes) -> list[Row]:
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table

    sheets = load(io.BytesIO(content)).spreadsheet.getElementsByType(Table)
    if not sheets:
        return []
    rows: list[Row] = []
    line = 0
    for row in _ods_rows(sheets[0]):
        repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), "1"))
        cells = _ods_cells(row)
        if all(cell is None for cell in cells):
            line += repeat  # spreadsheet programs end a sheet with a million repeated empty rows
            continue
        for _ in range(min(repeat, _ROWS_TO_READ)):
            line += 1
            if not _kept(rows, line, list(cells)):
                return rows
    return rows


def _ods_rows(element) -> Iterable:
    """The sheet's rows in order, also those inside row groups and header-row blocks."""
    for child in element.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname[1] == "table-row":
            yield child
        elif child.qname[1] in ("table-row-group", "table-header-rows", "table-rows"):
            yield from _ods_rows(child)


def _ods_cells(row) -> list[Any]:
    from odf.namespaces import TABLENS

    cells: list[Any] = []
    for cell in row.childNodes:
        if cell.nodeType != cell.ELEMENT_NODE or cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), "1"))
        value = _ods_value(cell)
        # A row ends with the empty cells up to the sheet's last column (16 384), repeated:
        # those are dropped below, and a run of empty cells that long never holds a column.
        cells.extend([value] * (repeat if value is not None else min(repeat, _MAX_EMPTY_RUN)))
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _ods_value(cell) -> Any:
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS

    formula = cell.attributes.get((TABLENS, "formula"))
    if formula:
        # "of:=[.A1]": the formula's text, without its dialect's prefix.
        _, _, body = formula.partition(":=")
        return "=" + body if body else formula
    kind = cell.attributes.get((OFFICENS, "value-type"))
    if kind in ("float", "currency"):
        return _number(cell.attributes.get((OFFICENS, "value")))
    if kind == "percentage":
        return round(_number(cell.attributes.get((OFFICENS, "value"))) * 100, 6)
    if kind == "date":
        return dt.date.fromisoformat(cell.attributes.get((OFFICENS, "date-value"))[:10])
    paragraphs = [teletype.extractText(p) for p in cell.childNodes
                  if p.nodeType == p.ELEMENT_NODE and p.qname[1] == "p"]
    return "\n".join(paragraphs) if any(paragraphs) else None


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _ods_template() -> bytes:
    from odf.number import TextContent, TextStyle
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableColumn

    document = OpenDocumentSpreadsheet()
    # Text cells, as in the .xlsx template: leading zeros and dd/mm/yyyy stay as typed.
    as_text = TextStyle(name="AsText")
    as_text.addElement(TextContent())
    document.automaticstyles.addElement(as_text)
    text_cell = Style(name="TextCell", family="table-cell", datastylename=as_text)
    document.automaticstyles.addElement(text_cell)
    bold = Style(name="Header", family="table-cell", datastylename=as_text)
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    sheet = Table(name=SHEET_NAME)
    for index, (_, header, _) in enumerate(COLUMNS):
        width = Style(name=f"Column{index}", family="table-column")
        width.addElement(TableColumnProperties(columnwidth=f"{max(3.0, len(header) * 0.22):.2f}cm"))
        document.automaticstyles.addElement(width)
        sheet.addElement(TableColumn(stylename=width, defaultcellstylename=text_cell))
    sheet.addElement(_ods_header([header for _, header, _ in COLUMNS], bold))
    document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _ods_header(headers: Sequence[str], style) -> Any:
    from odf.table import TableCell, TableRow
    from odf.text import P

    row = TableRow()
    for header in headers:
        cell = TableCell(valuetype="string", stylename=style)
        cell.addElement(P(text=header))
        row.addElement(cell)
    return row


_READERS = {"csv": _read_csv, "xlsx": _read_xlsx, "ods": _read_ods}
