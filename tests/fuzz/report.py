"""Prints the figures of the last fuzz run (the fuzz tier writes them in the test stack's var
dir): what docs/reliability.md quotes. `python tests/fuzz/report.py`"""
from __future__ import annotations

import json
from collections import Counter

from pixlocal.config import test_stack


def main() -> None:
    path = test_stack().var_dir / "fuzz-report.json"
    if not path.exists():
        print(f"no fuzz report at {path}")
        return
    report = json.loads(path.read_text())
    by_status: Counter = Counter()
    by_caller: Counter = Counter()
    for key, statuses in report["statuses"].items():
        for status, count in statuses.items():
            by_status[status] += count
            by_caller[key.split(" ", 1)[0]] += count
    print(f"fuzz: {report['operations']} documented operations, {report['requests']} requests "
          f"in {report['seconds']} s of requests; by caller {dict(sorted(by_caller.items()))}; "
          f"by status {dict(sorted(by_status.items()))} ({path})")


if __name__ == "__main__":
    main()
