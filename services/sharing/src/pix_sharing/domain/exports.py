"""What exports write, free of any framework: the shared-profiles columns (docs/domain.md §7),
the CSV dialect that opens right in French Excel and LibreOffice, the guard against CSV
injection, and the file names.

CSV: UTF-8 with a BOM (Excel reads UTF-8 only with it), `;` between cells (French Excel's
list separator), CRLF after each row, every cell a string, quoted when it holds `;`, `"`,
CR or LF (a `"` doubled). A cell that starts with `=`, `+`, `-`, `@`, a tab or a CR gets a
leading `'`: a spreadsheet would otherwise run it as a formula (a name typed as
`=HYPERLINK(...)`). XLSX cells get the same guard (adapters/xlsx.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pix_contracts.framework import COMPETENCE_CODES
from pixkit.errors import DomainError

BOM = "\ufeff"
SEPARATOR = ";"
LINE_END = "\r\n"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = re.compile(r'[;"\r\n]')
# A profile is certifiable with at least this many competences at level 1 or more (docs/domain.md §6).
CERTIFIABLE_COMPETENCES = 5
# The organizations that ask people for their student number (docs/domain.md §1), as the
# share flow does (domain/shares.py).
YES, NO = "O", "N"


class SharedProfileNotFound(DomainError):
    """No shared profile of that person in that organization (or none any more: erased).
    Here, with what the organization space shows, for want of a domain module of its own."""
    code = "SHARED_PROFILE_NOT_FOUND"


def neutralized(value: object) -> str:
    """The cell as a string no spreadsheet takes for a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: object) -> str:
    text = neutralized(value)
    return '"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES.search(text) else text


def csv_line(cells: Iterable[object]) -> str:
    return SEPARATOR.join(csv_cell(cell) for cell in cells) + LINE_END


def profile_columns(*, student_number: bool, detailed: bool) -> list[str]:
    """The organization's shared-profiles export: the profile-collection columns without the
    campaign ones (campaign id, code and name, external id)."""
    columns = ["Nom de l'organisation", "Nom du participant", "Prénom du participant"]
    if student_number:
        columns.append("Numéro étudiant")
    columns += ["Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)",
                "Nombre de compétences certifiables"]
    if detailed:
        for code in COMPETENCE_CODES:
            columns += [f"Niveau pour la compétence {code}", f"Nombre de pix pour la compétence {code}"]
    return columns


def sent_date(shared_at: str | None) -> str:
    """"2026-09-01T10:00:00.000000Z" → "2026-09-01" (the day, in UTC, as the events say it)."""
    return (shared_at or "")[:10]


def _texts_and_figures(organization_name: str, row: dict, student_number: bool,
                       detailed: bool) -> tuple[list[str], list[str]]:
    """A person's text cells (what they typed: guarded) and figure cells (digits and O/N
    written here: nothing to guard), from their organization-table row (adapters/tables.py's
    ORG_ROWS fields: l, f, s, d, p, n, lv, px)."""
    certifiable = int(row.get("n") or 0)
    texts = [organization_name, row.get("l") or "", row.get("f") or ""]
    if student_number:
        texts.append(row.get("s") or "")
    figures = [YES, sent_date(row.get("d")), str(int(row.get("p") or 0)),
               YES if certifiable >= CERTIFIABLE_COMPETENCES else NO, str(certifiable)]
    if detailed:
        levels, pix = row.get("lv") or "", list(row.get("px") or ())
        for i in range(len(COMPETENCE_CODES)):
            level = levels[i] if i < len(levels) and levels[i].isdigit() else "0"
            figures += [level, str(int(pix[i]) if i < len(pix) else 0)]
    return texts, figures


def profile_cells(organization_name: str, row: dict, *, student_number: bool, detailed: bool) -> list[str]:
    """One person's cells, each guarded (for a workbook)."""
    texts, figures = _texts_and_figures(organization_name, row, student_number, detailed)
    return [neutralized(cell) for cell in texts] + [neutralized(cell) for cell in figures]


def profile_line(organization_name: str, row: dict, *, student_number: bool, detailed: bool) -> str:
    """One person's CSV line: the cells of profile_cells. The text cells go through the guard
    and the quoting; figures (digits, a date, O/N) only through a first-character check
    (100 000 detailed rows are four million cells: the export's time is spent here)."""
    texts, figures = _texts_and_figures(organization_name, row, student_number, detailed)
    return SEPARATOR.join([*(csv_cell(cell) for cell in texts),
                           *(csv_cell(cell) if cell.startswith(FORMULA_STARTS) else cell for cell in figures)]) \
        + LINE_END


def _slug(text: str) -> str:
    """A file-name part: no path separator, control or quote character, spaces as dashes."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|;]+', "", text)
    return re.sub(r"\s+", "-", text.strip()) or "export"


def export_filename(organization: str, campaign: str | None, day: str, extension: str) -> str:
    """`<organization>-<campaign>-<YYYY-MM-DD>.<ext>`; the organization's own export has no
    campaign part."""
    parts = [_slug(organization), *([_slug(campaign)] if campaign else []), day]
    return "-".join(parts) + "." + extension

