"""Turns an attachment spec into file bytes, and reads those bytes back.

`render(spec, fmt)` writes a `Table` as .xlsx (openpyxl) or .ods (odfpy) and a `Document`
as .docx (python-docx) or .odt (odfpy). `read_back(data, fmt)` is its inverse, used by the
content test to prove that what a candidate downloads really holds the expected answer:
tables come back as rows (header first; str/int/float/None; formulas as "=SUM(B2:B10)"),
documents as the list of paragraph texts.

Output is deterministic: fixed document dates and fixed zip entry times, so the same spec
always gives the same bytes (cacheable, and diffable when the content changes).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import threading
import zipfile

from .model import Cell, Document, Paragraph, Table

# Any fixed instant will do; it only has to be the same on every render.
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
AUTHOR = "Pix"

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def render(spec: Table | Document, fmt: str) -> bytes:
    """The file bytes of `spec` in `fmt`, one of `spec.formats`."""
    if fmt not in spec.formats:
        raise ValueError(f"{type(spec).__name__} cannot be rendered as {fmt!r} (only {spec.formats})")
    return _WRITERS[fmt](spec)


def read_back(data: bytes, fmt: str) -> list:
    """Table formats → list of rows (header first); document formats → paragraph texts."""
    if fmt not in _READERS:
        raise ValueError(f"unknown attachment format {fmt!r}")
    return _READERS[fmt](data)


def file_name(spec: Table | Document, fmt: str) -> str:
    return f"{spec.filename}.{fmt}"


# --- zip hygiene -----------------------------------------------------------------------------

def _normalize_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrites a zip package with fixed entry times (libraries stamp "now"), keeping the entry
    order and compression (ODF needs "mimetype" first and stored), optionally swapping entries."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


# --- cells and formulas ----------------------------------------------------------------------

def _is_formula(value: Cell) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def _number(text: str) -> int | float:
    """ODF stores every number as a float string; give integers back as int."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


# Strings inside formulas are left alone; outside them, A1 references and separators change.
_STRING_OR_REST = re.compile(r'("(?:[^"]|"")*")|([^"]+)')
_A1_RANGE = re.compile(r"(?<![A-Za-z0-9_.\[])(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?(?![A-Za-z0-9_(])")
_OF_REF = re.compile(r"\[\.([^\]:]+)(?::\.([^\]]+))?\]")


def _map_outside_strings(formula: str, change) -> str:
    return "".join(quoted or change(rest) for quoted, rest in _STRING_OR_REST.findall(formula))


def _to_openformula(formula: str) -> str:
    """"=SUM(B2:B10;C1)" style A1 → ODF's "of:=SUM([.B2:.B10];[.C1])"."""
    def change(part: str) -> str:
        part = _A1_RANGE.sub(lambda m: f"[.{m[1]}:.{m[2]}]" if m[2] else f"[.{m[1]}]", part)
        return part.replace(",", ";")
    return "of:" + _map_outside_strings(formula, change)


def _from_openformula(formula: str) -> str:
    """Inverse of `_to_openformula`, so that both formats read back the same formula text."""
    body = formula.split(":", 1)[1] if formula.startswith(("of:", "oooc:")) else formula

    def change(part: str) -> str:
        part = _OF_REF.sub(lambda m: f"{m[1]}:{m[2]}" if m[2] else m[1], part)
        return part.replace(";", ",")
    return _map_outside_strings(body, change)


def _tidy_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Same shape whatever the format: trailing empty rows dropped, rows padded to one width."""
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v is not None), default=0) for r in rows), default=0)
    return [(list(r) + [None] * width)[:width] for r in rows]


# --- xlsx ------------------------------------------------------------------------------------

def _write_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ARC_CORE
    from openpyxl.xml.functions import tostring

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.sheet
    sheet.append(list(table.header))
    for row in table.rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"  # the header stays visible while scrolling 400 rows
    for index, name in enumerate(table.header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(name) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps "modified" with the current time on save: put a fixed one back.
    props = DocumentProperties(creator=AUTHOR, lastModifiedBy=AUTHOR, created=FIXED_TIME, modified=FIXED_TIME)
    return _normalize_zip(buffer.getvalue(), {ARC_CORE: tostring(props.to_tree())})


def _read_xlsx(data: bytes) -> list:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), data_only=False).worksheets[0]
    return _tidy_rows([list(row) for row in sheet.iter_rows(values_only=True)])


# --- ods -------------------------------------------------------------------------------------

def _ods_cell(value: Cell):
    from odf import teletype
    from odf.table import TableCell
    from odf.text import P

    if value is None:
        return TableCell()
    if _is_formula(value):
        # No cached result: spreadsheet programs compute it on opening.
        return TableCell(formula=_to_openformula(value))
    if isinstance(value, bool):
        raise TypeError("booleans are not table cells; write 'oui'/'non' or 1/0")
    if isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=repr(value) if isinstance(value, float) else str(value))
        cell.addElement(P(text=str(value)))
        return cell
    cell = TableCell(valuetype="string")
    paragraph = P()
    teletype.addTextToElement(paragraph, value)
    cell.addElement(paragraph)
    return cell


def _ods_row(values, style=None):
    from odf.table import TableRow

    row = TableRow()
    for value in values:
        cell = _ods_cell(value)
        if style is not None and value is not None:
            cell.setAttribute("stylename", style)
        row.addElement(cell)
    return row


def _write_ods(table: Table) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table as OdfTable

    document = OpenDocumentSpreadsheet()
    bold = Style(name="Header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    sheet = OdfTable(name=table.sheet)
    sheet.addElement(_ods_row(table.header, style=bold))
    for row in table.rows:
        sheet.addElement(_ods_row(row))
    document.spreadsheet.addElement(sheet)
    return _save_odf(document)


_ODF_LOCK = threading.Lock()


def _pin_odf_namespaces() -> None:
    """odfpy declares on each root every namespace that any document of the process has used
    so far (a class-level dict), so its bytes would depend on what ran before: pin that dict
    to all the namespaces odfpy knows, in a fixed order."""
    from odf.element import Element
    from odf.namespaces import nsdict

    canonical = sorted(nsdict.items(), key=lambda item: item[1])
    if list(Element.namespaces.items()) != canonical:
        Element.namespaces.clear()
        Element.namespaces.update(canonical)


def _save_odf(document) -> bytes:
    from odf.meta import CreationDate, InitialCreator

    document.meta.addElement(InitialCreator(text=AUTHOR))
    document.meta.addElement(CreationDate(text=FIXED_TIME.isoformat()))
    buffer = io.BytesIO()
    with _ODF_LOCK:
        _pin_odf_namespaces()
        document.write(buffer)
    return _normalize_zip(buffer.getvalue())


def _ods_value(cell) -> Cell:
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS

    formula = cell.attributes.get((TABLENS, "formula"))
    if formula:
        return "=" + _from_openformula(formula).lstrip("=")
    kind = cell.attributes.get((OFFICENS, "value-type"))
    if kind in ("float", "percentage", "currency"):
        return _number(cell.attributes[(OFFICENS, "value")])
    paragraphs = [teletype.extractText(p) for p in cell.childNodes if p.qname[1] == "p"]
    return "\n".join(paragraphs) if paragraphs else None


def _repeat(element, attribute: str) -> int:
    from odf.namespaces import TABLENS

    return int(element.attributes.get((TABLENS, attribute), "1"))


def _read_ods(data: bytes) -> list:
    from odf.opendocument import load
    from odf.table import Table as OdfTable
    from odf.table import TableRow

    sheet = load(io.BytesIO(data)).spreadsheet.getElementsByType(OdfTable)[0]
    rows: list[list[Cell]] = []
    for row in sheet.getElementsByType(TableRow):
        values: list[Cell] = []
        for cell in row.childNodes:
            if cell.qname[1] in ("table-cell", "covered-table-cell"):
                # Files saved by a spreadsheet program compress runs of equal cells.
                values.extend([_ods_value(cell)] * min(_repeat(cell, "number-columns-repeated"), 1024))
        rows.extend([list(values) for _ in range(min(_repeat(row, "number-rows-repeated"), 1024))])
    return _tidy_rows(rows)


# --- docx ------------------------------------------------------------------------------------

_DOCX_STYLES = {"title": "Title", "heading1": "Heading 1", "heading2": "Heading 2",
                "body": "Normal", "bullet": "List Bullet"}


def _write_docx(document: Document) -> bytes:
    import docx

    word = docx.Document()
    for paragraph in document.paragraphs:
        word.add_paragraph(paragraph.text, style=_DOCX_STYLES[paragraph.style])
    props = word.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = document.filename
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    word.save(buffer)
    return _normalize_zip(buffer.getvalue())


def _read_docx(data: bytes) -> list:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


# --- odt -------------------------------------------------------------------------------------

def _odt_styles(document) -> dict[str, object]:
    """Named paragraph styles, so that headings are real headings (navigable, accessible)."""
    from odf.style import ListLevelProperties, ParagraphProperties, Style, TextProperties
    from odf.text import ListLevelStyleBullet, ListStyle

    def paragraph_style(name: str, size: str, bold: bool, level: int | None = None):
        style = Style(name=name, family="paragraph", displayname=name.replace("_20_", " "))
        if level is not None:
            style.setAttribute("defaultoutlinelevel", str(level))
        style.addElement(ParagraphProperties(margintop="0.2cm", marginbottom="0.2cm"))
        style.addElement(TextProperties(fontsize=size, fontweight="bold" if bold else "normal"))
        document.styles.addElement(style)
        return style

    bullets = ListStyle(name="Bullets")
    level = ListLevelStyleBullet(level="1", bulletchar="•")
    level.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.4cm"))
    bullets.addElement(level)
    document.styles.addElement(bullets)
    return {
        "title": paragraph_style("Title", "20pt", True),
        "heading1": paragraph_style("Heading_20_1", "16pt", True, 1),
        "heading2": paragraph_style("Heading_20_2", "13pt", True, 2),
        "body": paragraph_style("Text_20_body", "11pt", False),
        "bullets": bullets,
    }


def _odt_element(paragraph: Paragraph, styles: dict[str, object]):
    from odf import teletype
    from odf.text import H, List, ListItem, P

    if paragraph.style in ("heading1", "heading2"):
        element = H(outlinelevel=paragraph.style[-1], stylename=styles[paragraph.style])
    else:
        element = P(stylename=styles["body" if paragraph.style == "bullet" else paragraph.style])
    teletype.addTextToElement(element, paragraph.text)
    if paragraph.style != "bullet":
        return element
    item = ListItem()
    item.addElement(element)
    bullet_list = List(stylename=styles["bullets"])
    bullet_list.addElement(item)
    return bullet_list


def _write_odt(document: Document) -> bytes:
    from odf.opendocument import OpenDocumentText

    odt = OpenDocumentText()
    styles = _odt_styles(odt)
    for paragraph in document.paragraphs:
        odt.text.addElement(_odt_element(paragraph, styles))
    return _save_odf(odt)


def _odt_texts(element, out: list[str]) -> None:
    """Paragraphs and headings in document order, wherever they are nested (lists, sections)."""
    from odf import teletype

    for child in element.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname[1] in ("p", "h"):
            out.append(teletype.extractText(child))
        else:
            _odt_texts(child, out)


def _read_odt(data: bytes) -> list:
    from odf.opendocument import load

    texts: list[str] = []
    _odt_texts(load(io.BytesIO(data)).text, texts)
    return texts


_WRITERS = {"xlsx": _write_xlsx, "ods": _write_ods, "docx": _write_docx, "odt": _write_odt}
_READERS = {"xlsx": _read_xlsx, "ods": _read_ods, "docx": _read_docx, "odt": _read_odt}
