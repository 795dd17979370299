"""Latency percentiles and per-phase counts from the requests a phase recorded."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the client saw it; times on the event loop's monotonic clock (seconds)."""

    kind: str  # "answer", "start", "read", "noop"
    started: float
    ended: float
    status: int | str  # the HTTP status, or the client error's name when no response came

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending sequence: the smallest value with at least p % of
    the samples at or below it (so p99 of 100 samples is the 99th, never an interpolation)."""
    if not ordered:
        raise ValueError("no samples")
    if not 0 < p <= 100:
        raise ValueError(f"percentile {p} outside (0, 100]")
    rank = math.ceil(p / 100 * len(ordered))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    kind: str
    count: int  # successful requests of this kind that ended inside the window
    seconds: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    errors: dict[str, int]  # status (or client error) → count, inside the window

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0


def summarize(requests: Iterable[Request], kind: str, window: tuple[float, float],
              ok: frozenset[int | str]) -> Summary:
    """The requests of `kind` that ended inside `window` [start, end]: those with a status in
    `ok` make the rate and the latencies, the others are errors counted by status."""
    start, end = window
    timings, errors = [], Counter()
    for request in requests:
        if request.kind != kind or not start <= request.ended <= end:
            continue
        if request.status in ok:
            timings.append(request.seconds * 1000)
        else:
            errors[str(request.status)] += 1
    timings.sort()

    def pct(p: float) -> float | None:
        return round(percentile(timings, p), 2) if timings else None
    return Summary(kind, len(timings), end - start, pct(50), pct(95), pct(99),
                   round(timings[-1], 2) if timings else None, dict(sorted(errors.items())))
