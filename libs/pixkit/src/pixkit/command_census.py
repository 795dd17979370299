"""Counts this process's store commands by command and collection, for benchmarks only.

Off unless PIX_STORE_CENSUS names a directory: each process then writes
`<dir>/<process title>-<pid>.json` (commands since start), at most every 2 s, from the thread
that ran the command. bench/store_commands.py --by-process adds them up; the store's own
counters say how many commands there were, this says who sent them and on what.
"""
from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from pymongo import monitoring

ENV = "PIX_STORE_CENSUS"
FLUSH_EVERY_S = 2.0


class CommandCensus(monitoring.CommandListener):
    def __init__(self, directory: Path, label: str) -> None:
        self.path = directory / f"{label}-{os.getpid()}.json"
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._flushed = 0.0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        name = event.command_name
        target = event.command.get(name)
        where = target if isinstance(target, str) else "-"
        with self._lock:
            self.counts[f"{name} {where}"] += 1
            now = time.monotonic()
            if now - self._flushed < FLUSH_EVERY_S:
                return
            self._flushed = now
            snapshot = dict(self.counts)
        self.path.write_text(json.dumps(snapshot))

    def succeeded(self, event) -> None:
        pass

    def failed(self, event) -> None:
        pass


def listeners() -> list[monitoring.CommandListener]:
    """The census for a new client, when asked for by the environment; else none."""
    directory = os.environ.get(ENV)
    if not directory:
        return []
    # pixlocal names each process it starts; anything else goes by its script's name.
    label = os.environ.get("PIX_PROCESS_LABEL") or Path(sys.argv[0] if sys.argv else "python").name
    Path(directory).mkdir(parents=True, exist_ok=True)
    return [CommandCensus(Path(directory), label.replace("/", "_"))]
