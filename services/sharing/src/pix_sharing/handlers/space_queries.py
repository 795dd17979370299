"""What an organization's members read: the shared-profiles table, a person's snapshot, the
figures, the exports. Every read is an `_id` find (docs/adr/0011): the table through the
process's TableReader (one head find per request), a snapshot by its share id, a person's
sendings through their share index.

Authorization is the entrypoint's: these answer for an organization the caller was found
to belong to (or a platform admin), and refuse an organization that does not exist.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from pix_contracts.framework import COMPETENCE_CODES, FRAMEWORK_MAX_LEVEL

from ..adapters import xlsx
from ..adapters.tables import ORG_ROWS, TableReader, iter_rows
from ..domain import exports
from ..domain.exports import SharedProfileNotFound
from ..domain.organizations import OrganizationNotFound
from ..domain.shares import asks_student_number


@dataclass(frozen=True)
class ReadProfiles:
    organization_id: str
    sort: str = "lastName"
    order: str = "asc"
    name: str | None = None
    campaign: str | None = None
    page: int = 1
    size: int = 50


@dataclass(frozen=True)
class ReadSharedProfile:
    organization_id: str
    user_id: str


@dataclass(frozen=True)
class ReadStatistics:
    organization_id: str


@dataclass(frozen=True)
class ExportProfiles:
    organization_id: str
    format: str  # "csv" | "xlsx"
    detailed: bool = False


@dataclass(frozen=True)
class Export:
    filename: str
    mime_type: str
    body: Iterator[bytes]


CSV_MIME_TYPE = "text/csv; charset=utf-8"
SHEET_TITLE = "Profils partagés"
_P, _C, _D, _LV, _PX = (ORG_ROWS.index(name) for name in ("p", "c", "d", "lv", "px"))


def _average(total: float, count: int) -> float:
    return round(total / count, 1) if count else 0.0


def partial_statistics(rows: tuple[tuple, ...]) -> dict:
    """The sums the figures are made of, over some rows (one chunk): they add up."""
    levels = [[0] * (FRAMEWORK_MAX_LEVEL + 1) for _ in COMPETENCE_CODES]
    level_sums, pix_sums = [0] * len(COMPETENCE_CODES), [0] * len(COMPETENCE_CODES)
    months: dict[str, list[int]] = {}
    for row in rows:
        digits, pix = row[_LV] or "", row[_PX] or ()
        for i in range(len(COMPETENCE_CODES)):
            level = min(int(digits[i]) if i < len(digits) else 0, FRAMEWORK_MAX_LEVEL)
            levels[i][level] += 1
            level_sums[i] += level
            pix_sums[i] += pix[i] if i < len(pix) else 0
        month = months.setdefault((row[_D] or "")[:7], [0, 0])
        month[0] += 1
        month[1] += row[_P] or 0
    return {"count": len(rows), "pix": sum(r[_P] or 0 for r in rows), "percent": sum(r[_C] or 0 for r in rows),
            "levels": levels, "level_sums": level_sums, "pix_sums": pix_sums, "months": months}


def statistics_of(partials: list[dict]) -> dict:
    """The observatory's figures over each person's latest snapshot (docs/domain.md §7): per
    competence the count at each level 0..8, the average level and pix; the average total
    pix and % complete; per month of those latest sendings, their count and average pix."""
    count = sum(p["count"] for p in partials)
    codes = range(len(COMPETENCE_CODES))
    levels = [[sum(p["levels"][i][level] for p in partials) for level in range(FRAMEWORK_MAX_LEVEL + 1)]
              for i in codes]
    months: dict[str, list[int]] = {}
    for partial in partials:
        for month, (n, total) in partial["months"].items():
            entry = months.setdefault(month, [0, 0])
            entry[0] += n
            entry[1] += total
    return {
        "count": count,
        "average_pix": _average(sum(p["pix"] for p in partials), count),
        "average_percent": _average(sum(p["percent"] for p in partials), count),
        "competences": [{"code": code, "average_level": _average(sum(p["level_sums"][i] for p in partials), count),
                         "average_pix": _average(sum(p["pix_sums"][i] for p in partials), count),
                         "levels": levels[i]}
                        for i, code in enumerate(COMPETENCE_CODES)],
        "months": [{"month": month, "shares": n, "average_pix": _average(total, n)}
                   for month, (n, total) in sorted(months.items())],
    }


class SpaceQueries:
    def __init__(self, *, organizations, shares, share_index, org_tables, reader: TableReader,
                 clock: Callable[[], datetime]) -> None:
        self.organizations, self.shares, self.share_index = organizations, shares, share_index
        self.org_tables, self.reader, self.clock = org_tables, reader, clock

    def organization(self, organization_id: str) -> dict:
        doc = self.organizations.find_one({"_id": organization_id})
        if doc is None or "display_name" not in doc:
            raise OrganizationNotFound()
        return doc

    def profiles(self, query: ReadProfiles, meta=None) -> dict:
        sup = asks_student_number(self.organization(query.organization_id)["type"])
        page = self.reader.query(query.organization_id, query.sort, query.order, query.name, query.campaign,
                                 query.page, query.size)
        rows = [{"user_id": r["key"], "last_name": r["l"], "first_name": r["f"], "shared_at": r["d"],
                 "total_pix": r["p"], "profile_percent": r["c"], "student_number": r["s"] if sup else None,
                 "campaign_ids": list(r["k"])} for r in page.rows]
        return {"rows": rows, "total": page.total, "page": page.page, "pages": page.pages, "size": page.size}

    def _row_of(self, organization_id: str, user_id: str) -> dict | None:
        by_key = self.reader.derived(organization_id, "by_key", lambda rows: {r[0]: r for r in rows})
        found = by_key.get(user_id)
        return ORG_ROWS.expand(found) if found else None

    def profile(self, query: ReadSharedProfile, meta=None) -> dict:
        """The person's latest snapshot (the one their row shows), and every sending of theirs
        to this organization."""
        sup = asks_student_number(self.organization(query.organization_id)["type"])
        row = self._row_of(query.organization_id, query.user_id)
        snapshot = self.shares.find_one({"_id": row["sh"]}) if row else None
        if snapshot is None or snapshot.get("organization_id") != query.organization_id:
            raise SharedProfileNotFound()
        index = self.share_index.find_one({"_id": query.user_id}) or {}
        share_ids = ((index.get("organizations") or {}).get(query.organization_id)) or [snapshot["_id"]]
        # One find_one each: FerretDB answers `_id: {$in: [...]}` by a scan of the collection.
        found = (self.shares.find_one({"_id": share_id}) for share_id in share_ids)
        sent = [s for s in found if s is not None and s.get("organization_id") == query.organization_id]
        history = sorted(({"share_id": s["_id"], "shared_at": s["shared_at"], "total_pix": s["total_pix"]}
                          for s in sent), key=lambda h: (h["shared_at"], h["share_id"]), reverse=True)
        return {"user_id": query.user_id, "last_name": snapshot.get("last_name") or "",
                "first_name": snapshot.get("first_name") or "",
                "student_number": (snapshot.get("student_number") or "") if sup else None,
                "shared_at": snapshot["shared_at"], "total_pix": snapshot["total_pix"],
                "profile_percent": snapshot["profile_percent"],
                "certifiable_competences": snapshot["certifiable_competences"],
                "competences": [{"code": c["code"], "level": c["level"], "pix": c["pix"]}
                                for c in snapshot["competences"]],
                "history": history}

    def statistics(self, query: ReadStatistics, meta=None) -> dict:
        self.organization(query.organization_id)
        # Sums per chunk, kept while the chunk holds: a new share recomputes one chunk's.
        return statistics_of(self.reader.per_chunk(query.organization_id, "statistics", partial_statistics))

    def export(self, query: ExportProfiles, meta=None) -> Export:
        """The file, streamed: the organization is read now (a refusal comes before the
        first byte), the rows chunk by chunk while the body is sent."""
        doc = self.organization(query.organization_id)
        name, sup = doc["display_name"], asks_student_number(doc["type"])
        header = exports.profile_columns(student_number=sup, detailed=query.detailed)
        filename = exports.export_filename(name, None, self.clock().strftime("%Y-%m-%d"), query.format)

        def rows() -> Iterator[dict]:
            return (row for _key, row in iter_rows(self.org_tables, query.organization_id))

        if query.format == "xlsx":
            cells = (exports.profile_cells(name, row, student_number=sup, detailed=query.detailed) for row in rows())
            return Export(filename, xlsx.MIME_TYPE, xlsx.workbook_blocks(SHEET_TITLE, header, cells))
        lines = (exports.profile_line(name, row, student_number=sup, detailed=query.detailed) for row in rows())
        return Export(filename, CSV_MIME_TYPE, _csv_blocks(header, lines))


def _csv_blocks(header: list[str], lines: Iterator[str], lines_per_block: int = 500) -> Iterator[bytes]:
    """The BOM and the header first (the first byte leaves before any row is read), then the
    lines in blocks."""
    yield (exports.BOM + exports.csv_line(header)).encode("utf-8")
    block: list[str] = []
    for line in lines:
        block.append(line)
        if len(block) >= lines_per_block:
            yield "".join(block).encode("utf-8")
            block = []
    if block:
        yield "".join(block).encode("utf-8")
