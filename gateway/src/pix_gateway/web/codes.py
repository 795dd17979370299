"""The codes people type, as sharing reads them (spec: spaces, dashes and case tolerated):
normalized here too, so that the address of the next step holds the clean code and a
hostile one never reaches a path. Sharing normalizes again and decides."""
from __future__ import annotations

import re

ORGANIZATION_CODE = re.compile(r"[A-Z]{4}-[0-9]{4}")
TYPED = re.compile(r"[A-Z0-9]{1,20}")


def organization_code(typed: str) -> str:
    """'abcd 1234', 'ABCD-1234' → 'ABCD-1234'; '' when nothing is left; anything else as
    typed (uppercase, without spaces and dashes) for sharing to refuse."""
    bare = re.sub(r"[\s-]+", "", typed).upper()
    dashed = f"{bare[:4]}-{bare[4:]}"
    return dashed if ORGANIZATION_CODE.fullmatch(dashed) else bare


def campaign_code(typed: str) -> str:
    """'bcdfgh 234' → 'BCDFGH234'."""
    return re.sub(r"\s+", "", typed).upper()


def is_code(value: str) -> bool:
    """A code as the pages' addresses carry it (after normalizing)."""
    return TYPED.fullmatch(value.replace("-", "", 1)) is not None
