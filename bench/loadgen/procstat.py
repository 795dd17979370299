"""CPU time by process of a stack, from /proc/<pid>/stat sampled at a window's start and end.

A stack's run dir holds one `<name>.pid` per process it started (deploy/local/pixlocal/procs.py):
store, kafka, gateway-web, <service>-web, <service>-worker. A gunicorn master's workers are its
children, so each name counts its process and all its descendants (found by ppid in /proc).
The load generator is a group of its own, kept out of the platform's sum.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
LOAD_GENERATOR = "load generator"


@dataclass(frozen=True, slots=True)
class ProcStat:
    pid: int
    ppid: int
    ticks: int  # utime + stime, in clock ticks
    start_ticks: int  # when the process started, in ticks since boot: tells a reused pid apart


def parse_stat(text: str) -> ProcStat:
    """One /proc/<pid>/stat line. The command name sits in parentheses and may itself hold
    spaces or parentheses, so the fields are counted from the last ')'."""
    head, _, rest = text.rpartition(")")
    pid = int(head.split("(", 1)[0])
    fields = rest.split()  # fields[0] is field 3 (state) of proc(5)
    return ProcStat(pid=pid, ppid=int(fields[1]), ticks=int(fields[11]) + int(fields[12]),
                    start_ticks=int(fields[19]))


def sample(proc: Path = PROC) -> dict[int, ProcStat]:
    """Every process of the machine now (a process may end while being read: it is skipped)."""
    found = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            found[int(entry.name)] = parse_stat((entry / "stat").read_text())
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended between the listing and the read
    return found


def machine_ticks(proc: Path = PROC) -> int:
    """Busy ticks of all CPUs since boot (/proc/stat's first line, idle and iowait left out)."""
    fields = (proc / "stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return user + nice + system + irq + softirq + steal


def stack_roots(run_dir: Path) -> dict[str, int]:
    """name → pid of each process the stack's run dir names."""
    roots = {}
    for pid_file in sorted(run_dir.glob("*.pid")):
        text = pid_file.read_text().strip()
        if text.isdigit():
            roots[pid_file.stem] = int(text)
    return roots


def descendants(root: int, stats: Mapping[int, ProcStat]) -> set[int]:
    """`root` and every process below it, in one sample."""
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat.ppid, []).append(stat.pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in found or pid not in stats:
            continue
        found.add(pid)
        todo.extend(children.get(pid, ()))
    return found


def groups(roots: Mapping[str, int], *samples: Mapping[int, ProcStat]) -> dict[str, set[int]]:
    """name → pids of that process and its descendants in any of the samples (a gunicorn worker
    started inside the window belongs to its master's name too)."""
    return {name: set().union(*(descendants(pid, s) for s in samples)) for name, pid in roots.items()}


@dataclass(frozen=True)
class CpuWindow:
    seconds_by_group: dict[str, float]  # CPU seconds spent inside the window
    pids_by_group: dict[str, list[int]]
    gone: dict[str, list[int]]  # pids that ended inside the window: their CPU there is lost
    machine_seconds: float  # every process of the machine, ours or not

    def platform_seconds(self) -> float:
        return sum(v for name, v in self.seconds_by_group.items() if name != LOAD_GENERATOR)

    def others_seconds(self) -> float:
        """CPU of the machine outside the stack and the load generator: other sessions' noise."""
        return max(0.0, self.machine_seconds - sum(self.seconds_by_group.values()))


def cpu_window(before: Mapping[int, ProcStat], after: Mapping[int, ProcStat], by_group: Mapping[str, Iterable[int]],
               machine_before: int = 0, machine_after: int = 0, hz: int | None = None) -> CpuWindow:
    """CPU seconds of each group between two samples. A pid in both samples with the same start
    counts its difference; a pid only in `after` (or reused) started inside: all its ticks count;
    a pid only in `before` ended inside and is reported in `gone`."""
    hz = hz or os.sysconf("SC_CLK_TCK")
    seconds, pids, gone = {}, {}, {}
    for name, members in by_group.items():
        ticks, seen, lost = 0, [], []
        for pid in sorted(set(members)):
            old, new = before.get(pid), after.get(pid)
            if new is None:
                if old is not None:
                    lost.append(pid)
                continue
            seen.append(pid)
            ticks += new.ticks - old.ticks if old is not None and old.start_ticks == new.start_ticks else new.ticks
        seconds[name], pids[name] = ticks / hz, seen
        if lost:
            gone[name] = lost
    return CpuWindow(seconds, pids, gone, (machine_after - machine_before) / hz)
