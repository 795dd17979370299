"""A phase: loops started together, a warm-up, then a window of exactly S seconds with /proc
sampled at its two ends; the loops stop sending at the window's end."""
from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path

from . import procstat
from .client import Phase
from .stats import Request


@dataclass(frozen=True)
class Window:
    start: float  # loop time
    end: float
    wall_start: float  # epoch seconds, for the events' timestamps
    wall_end: float
    cpu: procstat.CpuWindow
    requests: list[Request]


def cpu_sample(run_dir: Path) -> tuple[dict[str, int], dict[int, procstat.ProcStat], int]:
    return procstat.stack_roots(run_dir), procstat.sample(), procstat.machine_ticks()


async def run_phase(phase: Phase, loops: list[Callable[[], Coroutine]], warmup: float, seconds: float,
                    run_dir: Path, drain_s: float = 60.0) -> Window:
    loop = asyncio.get_running_loop()
    begin = loop.time()
    phase.stop_at = begin + warmup + seconds
    tasks = [asyncio.create_task(make()) for make in loops]
    await asyncio.sleep(max(0.0, begin + warmup - loop.time()))
    start, wall_start = loop.time(), time.time()
    roots, before, machine_before = cpu_sample(run_dir)
    await asyncio.sleep(max(0.0, start + seconds - loop.time()))
    end, wall_end = loop.time(), time.time()
    _, after, machine_after = cpu_sample(run_dir)
    phase.stop_at = min(phase.stop_at, end)
    done, pending = await asyncio.wait(tasks, timeout=drain_s) if tasks else (set(), set())  # in flight: finish
    for task in pending:
        task.cancel()
    for task in done:
        task.result()  # a loop that crashed is a bug of the bench: say it
    by_group = procstat.groups(roots, before, after)
    by_group[procstat.LOAD_GENERATOR] = {os.getpid()}
    cpu = procstat.cpu_window(before, after, by_group, machine_before, machine_after)
    return Window(start, end, wall_start, wall_end, cpu, list(phase.requests))
