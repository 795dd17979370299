"""The store's commands during one run of another command, by kind (docs/benchmarks.md, issue 12).
Not a test.

    PIX_TEST_SLOT=1 .venv/bin/python bench/store_commands.py -- .venv/bin/python bench/answers.py --candidates 8

Reads the store's `serverStatus` command counters before and after; everything the stack did in
between is counted (sign-ups, no-ops, relays and consumers included).
"""
from __future__ import annotations

import argparse
import subprocess

import pymongo
from pixlocal.config import test_stack

SESSION_CHATTER = ("hello", "ismaster", "isMaster", "serverStatus", "ping", "endSessions")


def counters(admin) -> dict[str, int]:
    return {name: c["total"] for name, c in admin.command("serverStatus")["metrics"]["commands"].items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: the command to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    client = pymongo.MongoClient(test_stack().mongo_uri)
    try:
        before = counters(client.admin)
        subprocess.run(command, check=True)
        after = counters(client.admin)
    finally:
        client.close()
    done = {k: after[k] - before.get(k, 0) for k in after if k not in SESSION_CHATTER}
    for name, count in sorted(done.items(), key=lambda kv: -kv[1]):
        if count:
            print(f"{name:16s} {count:9d}")


if __name__ == "__main__":
    main()
