"""Files the service generates for challenges (docs/content.md « Generated attachments »).

Each attachment is a function of a fixed seed returning a `Table` (offered as .xlsx and
.ods) or a `Document` (offered as .docx and .odt); `render.render(spec, fmt)` makes the
bytes. Each is registered with a `solve` function that computes the expected answer from
the content read back out of a rendered file, so the content test proves that the file
really holds the answer the challenge expects.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Document, Paragraph, Table


@dataclass(frozen=True)
class Registered:
    name: str
    generate: Callable[[], Table | Document]
    # Table → rows read back (header first), Document → paragraph texts;
    # returns the answer as the candidate would type it: str, or dict field → str for QROCM.
    solve: Callable[[list], object]


REGISTRY: dict[str, Registered] = {}


def attachment(name: str, *, solve: Callable[[list], object]):
    """Registers a generator under the name challenges use."""
    def register(generate: Callable[[], Table | Document]):
        if name in REGISTRY:
            raise ValueError(f"attachment {name!r} registered twice")
        REGISTRY[name] = Registered(name, generate, solve)
        return generate
    return register


def generators() -> dict[str, Registered]:
    # Imported here, not at module import, so that loading the package does no work.
    from . import area1, area23, area45  # noqa: F401
    return REGISTRY


__all__ = ["Document", "Paragraph", "Registered", "Table", "attachment", "generators"]
