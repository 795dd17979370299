"""The organization space at 10 000 and 100 000 shared profiles (issue 11), on the local store.
Not a test.

    PIX_TEST_SLOT=2 .venv/bin/python bench/sharing_space.py [--sizes 10000 100000] [--samples 20]
        [--put-up-to 10000] [--xlsx]

For each size, one organization's table is filled in a database of its own on the test
stack's FerretDB (var/test-<slot>), directly through pix_sharing's ChunkedTable: `load`, one
write per chunk (the documents puts make; 100 000 puts, one row at a time as the "shares"
loop writes, would take hours on this shared machine), or `put` up to --put-up-to rows;
then --puts puts of new rows and of changed rows are timed. Then sharing's real app
(create_app over the real store, the Flask test client in this process: no HTTP server, so
the figures are the service's own time, without gunicorn or the network) answers, with a
member's real token:

- the first request of a fresh process (it reads the whole table);
- every sort × order, page 1 and the last page; a name filter, a campaign filter, both;
- the first request after one row changed (one chunk read again, the sorts redone);
- the figures (/statistics), steady and after a change.

Exports run in a child process each (so that its peak RSS is the export's alone): the
CSV, the detailed CSV (and with --xlsx the workbook), time to the first byte, total, and
VmHWM from /proc/self/status before and after.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
import uuid

NAMES_LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefèvre", "Michel", "García", "David", "Bertrand", "Roux", "Vincent", "Fournier",
              "Morel", "Girard", "André", "Lefèbvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martínez",
              "Légaré", "Nguyen", "Marchand", "Müller", "Côté", "Gauthier", "Perrin", "Faure", "Rousseau", "Blanc"]
NAMES_FIRST = ["Léa", "Emma", "Chloé", "Inès", "Zoé", "Jade", "Louise", "Lucas", "Hugo", "Théo", "Nathan", "Éloïse",
               "Jules", "Maël", "Noé", "Raphaël", "Gabriel", "Arthur", "Anaïs", "Céline", "Jérôme", "Hélène", "Zoë"]
SORTS = ("lastName", "firstName", "sharedAt", "totalPix", "profilePercent", "studentNumber")
CAMPAIGNS = [str(uuid.uuid4()) for _ in range(20)]


def vm_hwm_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def random_row(rng: random.Random, i: int) -> dict:
    levels = [rng.choice((0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6)) for _ in range(16)]
    pix = [level * 8 + rng.randrange(8) if level else 0 for level in levels]
    return {"l": rng.choice(NAMES_LAST), "f": rng.choice(NAMES_FIRST),
            "d": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00.000000Z",
            "p": sum(pix), "c": sum(1 for v in pix if v) * 100 // 16, "s": f"2026{i:07d}",
            "k": sorted(rng.sample(CAMPAIGNS, rng.choice((0, 0, 1, 1, 2)))), "lv": "".join(map(str, levels)),
            "px": pix, "n": sum(1 for level in levels if level >= 1), "sh": str(uuid.uuid4())}


def fill(db, org_id: str, size: int, use_put: bool) -> float:
    from pix_sharing.adapters.tables import ChunkedTable

    rng = random.Random(size)
    rows = {str(uuid.UUID(int=rng.getrandbits(128), version=4)): random_row(rng, i) for i in range(size)}
    table = ChunkedTable(db["org_tables"], org_id)
    started = time.perf_counter()
    if use_put:
        for key, row in rows.items():
            table.put(key, row)
    else:
        table.load(rows)
    return time.perf_counter() - started


def put_rate(db, org_id: str, count: int) -> tuple[float, float]:
    """ms per put of a new row, then of a changed row, into the filled table."""
    from pix_sharing.adapters.tables import ChunkedTable

    rng, table = random.Random(1), ChunkedTable(db["org_tables"], org_id)
    keys = [str(uuid.uuid4()) for _ in range(count)]
    started = time.perf_counter()
    for i, key in enumerate(keys):
        table.put(key, random_row(rng, 10_000_000 + i))
    new = (time.perf_counter() - started) / count * 1000
    started = time.perf_counter()
    for i, key in enumerate(keys):
        table.put(key, random_row(rng, 20_000_000 + i))
    changed = (time.perf_counter() - started) / count * 1000
    for key in keys:
        table.remove(key)
    return new, changed


def setup(db, org_id: str, member: str) -> None:
    from pixkit.memberships import memberships_of

    db["organizations"].insert_one({"_id": org_id, "display_name": "Université de Banc-d'Essai", "type": "SUP",
                                    "code": "BNCH-2345", "created_at": "2026-09-01T08:00:00.000000Z"})
    memberships_of(db).grant("organization", org_id, member, "MEMBER", 1)


class App:
    """Sharing's real app over the real store, as a member of the organization calls it."""

    def __init__(self, settings, db, member: str) -> None:
        from pix_sharing.bootstrap import bootstrap
        from pix_sharing.entrypoints.http import create_app
        from pixkit.testing import TokenMint

        mint = TokenMint()
        self.headers = mint.headers(member)
        service = bootstrap(settings, db, env={})
        self.client = create_app(settings, service_container=service, ready_checks={},
                                 verifier=mint.verifier()).test_client()

    def get(self, path: str, **query):
        started = time.perf_counter()
        answer = self.client.get(path, query_string=query or None, headers=self.headers)
        elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 200, (path, query, answer.status_code, answer.get_data()[:300])
        return answer, elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.1f} ms, p95 {percentile(values, 95):.1f} ms, max {max(values):.1f} ms"


def measure_queries(app: App, org_id: str, db, samples: int) -> dict[str, list[float]]:
    from pix_sharing.adapters.tables import ChunkedTable

    base = f"/api/organizations/{org_id}/profiles"
    results: dict[str, list[float]] = {}
    _, cold = app.get(base)
    results["first request of a process (reads the whole table)"] = [cold]
    total = app.get(base)[0].get_json()["total"]
    last = max(1, math.ceil(total / 50))
    first_sorts = []
    for sort in SORTS:
        for order in ("asc", "desc"):
            first_sorts.append(app.get(base, sort=sort, order=order)[1])  # sorts once per table version
            for page in (1, last):
                results[f"sort={sort} order={order} page={page}"] = [
                    app.get(base, sort=sort, order=order, page=page)[1] for _ in range(samples)]
    results["first request of each sort × order (sorts the table)"] = first_sorts[1:]  # lastName asc was sorted
    results["name=mar"] = [app.get(base, name="mar")[1] for _ in range(samples)]
    results["name=lefevre lea"] = [app.get(base, name="lefevre lea")[1] for _ in range(samples)]
    results["campaign=<id>"] = [app.get(base, campaign=CAMPAIGNS[0])[1] for _ in range(samples)]
    results["campaign + name + sort=totalPix desc, last page"] = [
        app.get(base, campaign=CAMPAIGNS[1], name="ma", sort="totalPix", order="desc", page=3)[1]
        for _ in range(samples)]
    table, rng = ChunkedTable(db["org_tables"], org_id), random.Random(7)
    keys = [r["userId"] for r in app.get(base, size=100)[0].get_json()["rows"]]
    after_change, figures_after_change = [], []
    for i in range(samples):
        key = rng.choice(keys)
        table.put(key, {**table.get(key), "p": 1000 + i})
        after_change.append(app.get(base, sort="totalPix", order="desc")[1])
        table.put(key, {**table.get(key), "p": 2000 + i})
        figures_after_change.append(app.get(f"/api/organizations/{org_id}/statistics")[1])
    results["first request after a row changed (sort=totalPix desc)"] = after_change
    results["statistics, steady"] = [app.get(f"/api/organizations/{org_id}/statistics")[1] for _ in range(samples)]
    results["statistics, first after a row changed"] = figures_after_change
    return results


def export_child(mongo_uri: str, prefix: str, org_id: str, member: str, fmt: str, detailed: bool) -> None:
    """In a process of its own: one export, its timings and this process's peak RSS."""
    from pixkit.settings import Settings
    from pymongo import MongoClient

    settings = Settings(service="sharing", mongo_uri=mongo_uri, db_prefix=prefix)
    db = MongoClient(mongo_uri)[settings.db_name]
    app = App(settings, db, member)
    # Warm (imports, token check, the store's connection) without reading the table: an
    # unknown organization answers 404 before any row is read.
    warm = app.client.get(f"/api/organizations/{uuid.uuid4()}/profiles.csv", headers=app.headers)
    assert warm.status_code == 404, warm.status_code
    before = vm_hwm_kb()
    path = f"/api/organizations/{org_id}/profiles.{fmt}"
    started = time.perf_counter()
    answer = app.client.get(path, query_string={"detailed": "1"} if detailed else None, headers=app.headers,
                            buffered=False)
    assert answer.status_code == 200, answer.status_code
    first_byte, size, lines = None, 0, 0
    for block in answer.response:
        if first_byte is None:
            first_byte = time.perf_counter() - started
        size += len(block)
        lines += block.count(b"\r\n")
    total = time.perf_counter() - started
    answer.close()
    print(json.dumps({"first_byte_s": first_byte, "total_s": total, "bytes": size, "lines": lines,
                      "hwm_before_mb": before / 1024, "hwm_after_mb": vm_hwm_kb() / 1024}))


def run_export(args, prefix: str, org_id: str, member: str, fmt: str, detailed: bool) -> dict:
    command = [sys.executable, __file__, "--export-child", args.mongo_uri, prefix, org_id, member, fmt,
               "1" if detailed else "0"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--put-up-to", type=int, default=0, help="fill by put up to this size (else load)")
    parser.add_argument("--puts", type=int, default=200, help="puts timed after the fill")
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--export-child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        mongo_uri, prefix, org_id, member, fmt, detailed = args.export_child
        export_child(mongo_uri, prefix, org_id, member, fmt, detailed == "1")
        return 0

    from pixkit.settings import Settings
    from pixlocal import infra
    from pixlocal.config import test_stack
    from pymongo import MongoClient

    cfg = test_stack()
    infra.start_store(cfg)
    args.mongo_uri = cfg.mongo_uri
    client = MongoClient(cfg.mongo_uri)
    print(f"store {cfg.mongo_uri}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
    for size in args.sizes:
        prefix = f"benchsp{uuid.uuid4().hex[:6]}_"
        settings = Settings(service="sharing", mongo_uri=cfg.mongo_uri, db_prefix=prefix)
        db = client[settings.db_name]
        org_id, member = str(uuid.uuid4()), str(uuid.uuid4())
        try:
            setup(db, org_id, member)
            use_put = size <= args.put_up_to
            seconds = fill(db, org_id, size, use_put)
            how = "put" if use_put else "load"
            print(f"\n## {size} rows: filled by {how} in {seconds:.1f} s "
                  f"({seconds / size * 1000:.2f} ms per row)", flush=True)
            if args.puts:
                new, changed = put_rate(db, org_id, args.puts)
                print(f"put: {new:.1f} ms per new row, {changed:.1f} ms per changed row ({args.puts} each)", flush=True)
            app = App(settings, db, member)
            for label, values in measure_queries(app, org_id, db, args.samples).items():
                print(f"{label}: {summary(values)}", flush=True)
            formats = [("csv", False), ("csv", True)] + ([("xlsx", False)] if args.xlsx else [])
            for fmt, detailed in formats:
                got = run_export(args, prefix, org_id, member, fmt, detailed)
                print(f"export {fmt}{' detailed' if detailed else ''}: first byte {got['first_byte_s'] * 1000:.0f} ms, "
                      f"total {got['total_s']:.2f} s, {got['bytes'] / 1e6:.1f} MB, {got['lines']} lines, "
                      f"peak RSS {got['hwm_before_mb']:.0f} MB before → {got['hwm_after_mb']:.0f} MB after",
                      flush=True)
        finally:
            if not args.keep:
                client.drop_database(settings.db_name)
    print(f"\nload at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
