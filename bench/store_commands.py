"""The store's commands during one run of another command, by kind (docs/benchmarks.md, issue 12).
Not a test.

    PIX_TEST_SLOT=1 .venv/bin/python bench/store_commands.py -- .venv/bin/python bench/answers.py --candidates 8

Reads the store's `serverStatus` command counters before and after; everything the stack did in
between is counted (sign-ups, no-ops, relays and consumers included). With `--census DIR` (a
stack started with PIX_STORE_CENSUS=DIR, pixkit.command_census) it also says which process sent
them, on which collection.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import time
from collections import Counter
from pathlib import Path

import pymongo
from pixlocal.config import test_stack

SESSION_CHATTER = ("hello", "ismaster", "isMaster", "serverStatus", "ping", "endSessions")


def counters(admin) -> dict[str, int]:
    return {name: c["total"] for name, c in admin.command("serverStatus")["metrics"]["commands"].items()}


def census(directory: Path | None) -> dict[str, Counter]:
    if directory is None:
        return {}
    return {path.stem.rsplit("-", 1)[0]: Counter(json.loads(path.read_text()))
            for path in sorted(directory.glob("*.json"))}


def print_census(before: dict[str, Counter], after: dict[str, Counter]) -> None:
    for process, counts in sorted(after.items()):
        done = counts - before.get(process, Counter())
        for what, count in done.most_common():
            print(f"{process:28s} {what:40s} {count:9d}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--census", type=Path, help="the stack's PIX_STORE_CENSUS directory")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: the command to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    client = pymongo.MongoClient(test_stack().mongo_uri)
    try:
        before, census_before = counters(client.admin), census(args.census)
        subprocess.run(command, check=True)
        time.sleep(2.5)  # each process writes its census at most every 2 s
        after, census_after = counters(client.admin), census(args.census)
    finally:
        client.close()
    done = {k: after[k] - before.get(k, 0) for k in after if k not in SESSION_CHATTER}
    for name, count in sorted(done.items(), key=lambda kv: -kv[1]):
        if count:
            print(f"{name:16s} {count:9d}")
    print_census(census_before, census_after)


if __name__ == "__main__":
    main()
