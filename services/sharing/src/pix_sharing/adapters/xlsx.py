"""Spreadsheets (.xlsx) in constant memory: openpyxl's write-only mode streams rows into a
temporary file (a workbook is a zip, written whole before its first byte can be sent), which
is then read back in blocks and removed.

Cells are strings, guarded like the CSV's (domain/exports.py: a leading `'` before `=`, `+`,
`-`, `@`, tab, CR; openpyxl would otherwise store a string starting with `=` as a formula),
and stripped of the control characters XML cannot hold (text typed before docs/adr/0008).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..domain.exports import neutralized

MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLOCK = 64 * 1024


def _cell(value: object) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", neutralized(value))


def write_workbook(path: str, title: str, header: list[str], rows: Iterable[list[str]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # a fixed title: a name may hold [ ] : * ? /
    sheet.append([_cell(name) for name in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    workbook.save(path)


def workbook_blocks(title: str, header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    """The .xlsx file's bytes, in blocks; the temporary file is gone once they are read (or
    the reader stops early)."""
    handle, path = tempfile.mkstemp(prefix="pix-export-", suffix=".xlsx")
    os.close(handle)
    try:
        write_workbook(path, title, header, rows)
        with open(path, "rb") as file:
            while block := file.read(BLOCK):
                yield block
    finally:
        os.unlink(path)
