"""CPU per no-op request through the gateway, by process group, on a running stack.

The no-op is `GET /api/assessments/<unknown id>` with a bearer token: the gateway, its
token check, assessment's token check, one `_id` find, a 404. A fixed number of requests
from a fixed number of threads (keep-alive connections, http.client: the client's own
cost stays small); the CPU comes from /proc/<pid>/stat (utime + stime) of every process
of each group before and after, so it does not depend on how loaded the machine is.

    PIX_TEST_SLOT=4 .venv/bin/pixlocal up --test
    .venv/bin/python gateway/tests/measure_noop.py --gateway http://127.0.0.1:22000 --threads 8 --requests 2000

`--target` sends the no-ops elsewhere (an edge proxy in front of assessment, say) with a
token from the gateway; `--processes NAME=PID,PID` counts more processes (its workers).
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

TICKS_PER_S = os.sysconf("SC_CLK_TCK")
GROUPS = {"gateway": "gateway/gunicorn.conf.py", "assessment-web": "services/assessment/gunicorn.conf.py",
          "identity-web": "services/identity/gunicorn.conf.py", "store": "ferretdb"}
DEMO = ("camille.demo@pix.local", "Demo-Pix-2026")


def processes(marker: str, var_dir: str) -> list[int]:
    """The processes of one stack (its var folder: other stacks may run beside it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                ours = var_dir in command or f"PIX_VAR_DIR={var_dir}\0".encode() in (entry / "environ").read_bytes()
            except OSError:
                continue
            if marker in command and ours:
                found.append(int(entry.name))
    return found


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


def group_ticks(pids: dict[str, list[int]]) -> dict[str, int]:
    return {group: sum(cpu_ticks(pid) for pid in members) for group, members in pids.items()}


def access_token(gateway: str) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy" / "local"))
    from pixlocal import api

    answer = api.log_in(gateway, *DEMO, client_ip=api.random_ip())
    answer.raise_for_status()
    return answer.json()["accessToken"]


def client(base: str, token: str, count: int, latencies: list[float], failures: list[str]) -> None:
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    for _ in range(count):
        target = f"/api/assessments/{uuid.uuid4()}"
        started = time.perf_counter()
        connection.request("GET", target, headers=headers)
        answer = connection.getresponse()
        answer.read()
        latencies.append(time.perf_counter() - started)
        if answer.status != 404:
            failures.append(f"{answer.status} for {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:22000")
    parser.add_argument("--target", help="where the no-ops go (default: the gateway)")
    parser.add_argument("--processes", action="append", default=[], metavar="NAME=PID,PID",
                        help="another group of processes to count")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000, help="per thread")
    parser.add_argument("--var-dir", default=str(Path(__file__).resolve().parents[2] / "var" /
                                                 f"test-{os.environ.get('PIX_TEST_SLOT', '4')}"),
                        help="the stack's folder (default: the test stack of PIX_TEST_SLOT, else 4)")
    args = parser.parse_args()
    token = access_token(args.gateway)
    pids = {group: processes(marker, args.var_dir) for group, marker in GROUPS.items()}
    for extra in args.processes:
        name, _, listed = extra.partition("=")
        pids[name] = [int(pid) for pid in listed.split(",") if pid]
    latencies: list[float] = []
    failures: list[str] = []
    before, started = group_ticks(pids), time.perf_counter()
    base = args.target or args.gateway
    workers = [threading.Thread(target=client, args=(base, token, args.requests, latencies, failures))
               for _ in range(args.threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed, after = time.perf_counter() - started, group_ticks(pids)
    total = args.threads * args.requests
    latencies.sort()
    median_ms, p99_ms = statistics.median(latencies) * 1000, latencies[int(len(latencies) * .99)] * 1000
    print(f"{total} no-op requests, {args.threads} threads: {total / elapsed:.0f}/s, "
          f"median {median_ms:.1f} ms, p99 {p99_ms:.1f} ms, "
          f"{len(failures)} not 404")
    for group in pids:
        used_ms = (after[group] - before[group]) * 1000 / TICKS_PER_S
        print(f"  {group:<15} {len(pids[group])} processes  {used_ms / total:.3f} ms CPU per request")
    if failures:
        print("  first failures:", failures[:3])


if __name__ == "__main__":
    main()
