"""Login lockout (docs/domain.md §8): after every 10 consecutive failures, a block of
2 min × 2^(failures/10 − 1); at 50 failures the account is blocked until a password reset.
A success (outside a block) clears the count. Attempts during a block are not counted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FAILURES_PER_BLOCK = 10
FIRST_BLOCK = timedelta(minutes=2)
BLOCKED_AT = 50


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    blocked_until: datetime | None = None

    @property
    def blocked_for_good(self) -> bool:
        return self.failures >= BLOCKED_AT

    def blocked(self, now: datetime) -> bool:
        return self.blocked_for_good or (self.blocked_until is not None and now < self.blocked_until)


def block_after(failures: int) -> timedelta | None:
    """The block that starts when the count reaches `failures`, None if none starts."""
    if failures <= 0 or failures % FAILURES_PER_BLOCK or failures >= BLOCKED_AT:
        return None
    return FIRST_BLOCK * 2 ** (failures // FAILURES_PER_BLOCK - 1)
