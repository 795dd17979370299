"""Organization codes reserved unique (`codes`, `_id` = "organization:<CODE>"): an insert
that fails on a duplicate key means the code is taken, so another is drawn. Command side,
insert-only; shared with the campaigns' codes under their own `_id` prefix."""
from __future__ import annotations

from collections.abc import Callable

from pymongo.errors import DuplicateKeyError

from ..domain.organizations import code_key, draw_organization_code

COLLECTION = "codes"
# 24⁴·8⁴ ≈ 1.4 billion codes: a run of taken draws this long means something else is wrong.
DRAWS = 20


class CodesExhausted(RuntimeError):
    """No free code after DRAWS draws."""


def reserve_organization_code(db, organization_id: str, draw: Callable[[], str] = draw_organization_code) -> str:
    codes = db[COLLECTION]
    for _ in range(DRAWS):
        code = draw()
        try:
            codes.insert_one({"_id": code_key(code), "organization_id": organization_id})
        except DuplicateKeyError:
            continue
        return code
    raise CodesExhausted(f"no free organization code after {DRAWS} draws")
