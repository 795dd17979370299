"""A campaign's results as a file, streamed: CSV (domain/exports.py's dialect) or .xlsx
(adapters/xlsx.py), rows read chunk by chunk from the campaign's table, never all at once."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..domain import campaigns as rules
from ..domain import exports
from ..domain.shares import asks_student_number
from ..handlers.campaigns_queries import Results
from . import xlsx

FORMATS = ("csv", "xlsx")
CSV_MIME_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE = "Résultats"
ROWS_PER_BLOCK = 500


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mime_type: str
    body: Iterator[bytes]


def _csv_blocks(header: list[str], rows: Iterator[list[str]]) -> Iterator[bytes]:
    yield (exports.BOM + exports.csv_line(header)).encode("utf-8")
    block: list[str] = []
    for row in rows:
        block.append(exports.csv_line(row))
        if len(block) >= ROWS_PER_BLOCK:
            yield "".join(block).encode("utf-8")
            block = []
    if block:
        yield "".join(block).encode("utf-8")


def results_file(results: Results, fmt: str, day: str) -> ExportFile:
    """An assessment on target tubes reads its table twice: once for the competences its
    results name (the header comes before any row), once for the rows."""
    campaign, organization = results.campaign, results.organization
    student_number = asks_student_number(organization.type)
    competences = []
    if campaign["kind"] == rules.ASSESSMENT:
        competences = rules.assessed_competences(
            campaign, results.rows() if campaign["target_tubes"] else ())
    header = rules.results_columns(campaign["kind"], student_number=student_number, competences=competences)

    def cells() -> Iterator[list[str]]:
        for row in results.rows():
            yield [exports.neutralized(c) for c in rules.results_cells(
                campaign, organization.display_name, row, student_number=student_number, competences=competences,
                certifiable_at=exports.CERTIFIABLE_COMPETENCES)]

    filename = exports.export_filename(organization.display_name, campaign["title"], day, fmt)
    if fmt == "xlsx":
        return ExportFile(filename, xlsx.MIME_TYPE, xlsx.workbook_blocks(SHEET_TITLE, header, cells()))
    return ExportFile(filename, CSV_MIME_TYPE, _csv_blocks(header, cells()))
