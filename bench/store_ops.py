"""Cost of single store operations on the local FerretDB (not a test): CPU ms of the FerretDB
process per operation (from /proc/<pid>/stat) and wall ms per operation, one client, for the
operations the answer path and the projections make. Each runtime variant gets a fresh
FerretDB on an empty directory, started as pixlocal starts it; variants run back to back, and
--rounds repeats the whole series (A B A B …) so the spread between rounds shows the noise.

    .venv/bin/python bench/store_ops.py [--ops 3000] [--rounds 2] [--variants released,chosen]
                                        [--operations "text in their names"]

Runs in var/test-<PIX_TEST_SLOT>/bench-store, on the slot's store port + 500.
Variants: see VARIANTS below; `chosen` is what pixlocal runs (pixlocal.infra.STORE_RUNTIME).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from pixlocal import infra, procs
from pixlocal.config import StackConfig, test_stack
from pymongo import MongoClient

CHOSEN = infra.STORE_RUNTIME
RELEASED = infra.StoreRuntime()  # FerretDB's own defaults: WAL with synchronous=FULL, GOGC=100
VARIANTS: dict[str, infra.StoreRuntime] = {
    "released": RELEASED,
    "chosen": CHOSEN,
    "sync-normal": replace(RELEASED, pragmas=("synchronous(normal)",)),
    "gogc200": replace(RELEASED, go_env=(("GOGC", "200"),)),
    "gogc400": replace(RELEASED, go_env=(("GOGC", "400"),)),
    "gogc800": replace(RELEASED, go_env=(("GOGC", "800"),)),
    "gogc-off-limit": replace(RELEASED, go_env=(("GOGC", "off"), ("GOMEMLIMIT", "256MiB"))),
    "maxprocs1": replace(RELEASED, go_env=(("GOMAXPROCS", "1"),)),
    "cache16m": replace(RELEASED, pragmas=("cache_size(-16384)",)),
    "mmap64m": replace(RELEASED, pragmas=("mmap_size(67108864)",)),
    "chosen+cache16m": replace(CHOSEN, pragmas=(*CHOSEN.pragmas, "cache_size(-16384)")),
    "chosen+mmap64m": replace(CHOSEN, pragmas=(*CHOSEN.pragmas, "mmap_size(67108864)")),
    "chosen+wal10k": replace(CHOSEN, pragmas=(*CHOSEN.pragmas, "wal_autocheckpoint(10000)")),
    "chosen+maxprocs1": replace(CHOSEN, go_env=(*CHOSEN.go_env, ("GOMAXPROCS", "1"))),
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PEAK_RSS = "peak RSS of FerretDB, MB"


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (every thread), in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def padded(size: int, **fields) -> dict:
    """A document of about `size` bytes of BSON, like a state snapshot of that size."""
    return {**fields, "created_at": time.time(), "payload": "x" * max(size - 80, 0)}


@dataclass
class Operation:
    name: str
    prepare: Callable[[object, int], object]  # (collection, n) -> state for run
    run: Callable[[object, object, int], None]  # (collection, state, i)


def _ids(n: int) -> list[str]:
    return [uuid.uuid4().hex for _ in range(n)]


def _filled(coll, n: int, size: int) -> list[str]:
    ids = _ids(n)
    coll.insert_many([padded(size, _id=i, version=0) for i in ids])
    return ids


def _nothing(coll, n):
    return _ids(n)


def _insert(size: int) -> Callable:
    return lambda coll, ids, i: coll.insert_one(padded(size, _id=ids[i]))


def _find_hit(coll, ids, i):
    assert coll.find_one({"_id": ids[i]}) is not None


def _find_miss(coll, ids, i):
    assert coll.find_one({"_id": ids[i]}) is None


def _set(coll, ids, i):
    assert coll.update_one({"_id": ids[i]}, {"$set": {"answered": i}}).modified_count == 1


def _conditional_rewrite(coll, ids, i):
    # The answer path's snapshot rewrite: the whole document, guarded by its version.
    doc = padded(4096, version=1)
    assert coll.update_one({"_id": ids[i], "version": {"$lt": 1}}, {"$set": doc}).modified_count == 1


HOT_SET = 200


def _hot_rewrite(coll, ids, i):
    # The same, over a few documents rewritten in turn: candidates answering, each state
    # rewritten once per answer (the same SQLite pages again and again).
    doc = padded(4096, version=i + 1)
    assert coll.update_one({"_id": ids[i % HOT_SET], "version": {"$lt": i + 1}}, {"$set": doc}).modified_count == 1


def _delete(coll, ids, i):
    assert coll.delete_one({"_id": ids[i]}).deleted_count == 1


def _sorted_listing(coll, _state, _i):
    assert len(list(coll.find({}).sort("created_at", 1).limit(500))) == 20


OPERATIONS = [
    Operation("insert_one 0.2 KB", _nothing, _insert(200)),
    Operation("insert_one 1 KB", _nothing, _insert(1024)),
    Operation("find_one _id hit 1 KB", lambda c, n: _filled(c, n, 1024), _find_hit),
    Operation("find_one _id hit 4 KB", lambda c, n: _filled(c, n, 4096), _find_hit),
    Operation("find_one _id miss", lambda c, n: (_filled(c, n, 1024), _ids(n))[1], _find_miss),
    Operation("update_one _id $set 4 KB", lambda c, n: _filled(c, n, 4096), _set),
    Operation("update_one _id+version$lt 4 KB", lambda c, n: _filled(c, n, 4096), _conditional_rewrite),
    Operation(f"update_one _id+version$lt 4 KB, {HOT_SET} docs in turn", lambda c, n: _filled(c, HOT_SET, 4096),
              _hot_rewrite),
    Operation("delete_one _id", lambda c, n: _filled(c, n, 1024), _delete),
    Operation("find sort(created_at) limit 500, 20 docs", lambda c, n: _filled(c, 20, 512), _sorted_listing),
]


def measure(coll, pid: int, op: Operation, n: int) -> tuple[float, float]:
    """(CPU ms of FerretDB per op, wall ms per op) over n operations."""
    state = op.prepare(coll, n)
    cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
    for i in range(n):
        op.run(coll, state, i)
    wall, cpu = time.perf_counter() - wall0, cpu_seconds(pid) - cpu0
    return 1000 * cpu / n, 1000 * wall / n


def run_variant(base: StackConfig, name: str, runtime: infra.StoreRuntime, n: int,
                operations: list[Operation]) -> dict[str, tuple[float, float]]:
    cfg = replace(base, var_dir=base.var_dir / name)
    shutil.rmtree(cfg.var_dir, ignore_errors=True)
    pid = infra.start_store(cfg, runtime=runtime)
    client = MongoClient(cfg.mongo_uri)
    try:
        db = client["bench_store"]
        warm = db["warmup"]
        _filled(warm, 300, 1024)
        for i in range(300):
            warm.find_one({"_id": i})
        results = {}
        for k, op in enumerate(operations):
            results[op.name] = measure(db[f"op{k}"], pid, op, n)
        results[PEAK_RSS] = (peak_rss_mb(pid), 0.0)
        return results
    finally:
        client.close()
        procs.stop(cfg.run_dir(), "store")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=3000, help="operations of each kind")
    parser.add_argument("--rounds", type=int, default=2, help="times the series of variants runs")
    parser.add_argument("--variants", default="released,chosen", help=f"comma-separated, among {', '.join(VARIANTS)}")
    parser.add_argument("--operations", default="", help="only the operations whose name holds this text")
    args = parser.parse_args()
    operations = [op for op in OPERATIONS if args.operations in op.name]
    if not operations:
        parser.error(f"no operation holds {args.operations!r}")
    names = args.variants.split(",")
    unknown = [v for v in names if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants: {', '.join(unknown)}")
    stack = test_stack()
    # The slot's own store port moved by 500: beside a running test stack of the same slot.
    base = StackConfig(var_dir=stack.var_dir / "bench-store", mongo_port=stack.mongo_port + 500)
    runs: dict[str, list[dict[str, tuple[float, float]]]] = {v: [] for v in names}
    for round_ in range(args.rounds):
        for name in names:
            print(f"round {round_ + 1}/{args.rounds}: {name} …", flush=True)
            runs[name].append(run_variant(base, name, VARIANTS[name], args.ops, operations))
    print_table(names, runs, operations, args)
    return 0


def print_table(names: list[str], runs: dict, operations: list[Operation], args) -> None:
    print(f"\nFerretDB {infra.ferretdb_binary().parent.name}, {args.ops} ops each, one client, "
          f"{args.rounds} round(s); median over rounds (min–max)")
    for name in names:
        r = VARIANTS[name]
        print(f"  {name}: pragmas={list(r.pragmas)} env={dict(r.go_env)}")
    head = "| operation | " + " | ".join(f"{n} CPU ms | {n} wall ms" for n in names) + " |"
    print("\n" + head)
    print("|" + "---|" * (1 + 2 * len(names)))
    for op in operations:
        cells = []
        for name in names:
            for k in (0, 1):
                values = [run[op.name][k] for run in runs[name]]
                spread = f" ({min(values):.2f}–{max(values):.2f})" if len(values) > 1 else ""
                cells.append(f"{statistics.median(values):.2f}{spread}")
        print(f"| {op.name} | " + " | ".join(cells) + " |")
    peaks = [statistics.median(run[PEAK_RSS][0] for run in runs[name]) for name in names]
    print(f"| {PEAK_RSS} | " + " | ".join(f"{peak:.0f} | " for peak in peaks) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
