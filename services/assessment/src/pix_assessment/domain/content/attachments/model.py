"""What an attachment contains, independent of its file format."""
from __future__ import annotations

from dataclasses import dataclass

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """One sheet: a header row then data rows. A str cell starting with '=' is a formula."""
    filename: str  # without extension, e.g. "communes-ain"
    sheet: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    formats = ("xlsx", "ods")


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # "title", "heading1", "heading2", "body", "bullet"


@dataclass(frozen=True)
class Document:
    filename: str
    paragraphs: tuple[Paragraph, ...]

    formats = ("docx", "odt")
