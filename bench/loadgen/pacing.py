"""When a candidate sends its next answer: think time, and an optional global pace."""
from __future__ import annotations

import random


def think_seconds(mean_ms: float, rng: random.Random) -> float:
    """A person's pause before answering: exponential with that mean (0: full speed)."""
    return rng.expovariate(1000.0 / mean_ms) if mean_ms > 0 else 0.0


class Pacer:
    """At most `rate` answers per second over all candidates: each answer reserves the next free
    slot, one 1/rate apart. A generator that falls behind never catches up with a burst: the
    slots restart from now, so the rate is a ceiling, never exceeded."""

    def __init__(self, rate: float, start: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.next_slot = start

    def reserve(self, now: float) -> float:
        """The moment (same clock as `now`) this answer may go out."""
        at = max(now, self.next_slot)
        self.next_slot = at + self.interval
        return at
