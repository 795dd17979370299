"""The answer path at its limit: answers/s against a no-op behind the same gateway, in one run
(docs/benchmarks.md). Not a test.

    PIX_TEST_SLOT=1 .venv/bin/pixlocal up --test
    PIX_TEST_SLOT=1 .venv/bin/python bench/answers.py --candidates 8 --seconds 30 --markdown

Before any window, a pool of candidates signs up and logs in (not counted). Then two phases,
each a warm-up and a window of exactly --seconds, with the same asyncio client (one kept-alive
connection per loop):

1. the no-op: --candidates loops doing `GET /api/assessments/<unknown id>` with a candidate's
   token (gateway, token check, assessment, one `_id` find, 404);
2. the answers: --candidates seats, each a candidate taking positioning tests competence after
   competence with the reference answers (a wrong one in four), replaced by a fresh one from the
   pool once done with all 16; --think-ms is a person's mean pause (exponential; 0: full speed),
   --rate caps the answers/s of all seats together (to measure latency at e.g. 70 % of the maximum).

Each window reports throughput, p50/p95/p99 latency, errors by status, and CPU ms per operation by
process of the stack (/proc/<pid>/stat at the window's two ends: every process the run dir names
and its children; the load generator apart). The answer window's CPU includes the requests that
start each test and the platform's asynchronous work (relays, consumers). Then the lag
AnswerRecorded → ProfileUpdated of the tests closed in the answer window (bench/loadgen/lag.py).
A first window with no load (--idle-seconds) measures the stack's background CPU (idle polling):
each phase also reports its CPU per operation above that background ("marginal"), which other
sessions' load on the machine inflates less (a slower platform spreads the same background over
fewer answers).

`--var-dir` points the /proc accounting at another tree's stack (its run/ pid files), e.g. the
code before a change started from a git worktree on another slot with that tree's src dirs on
PYTHONPATH; the slot gives the gateway and Kafka ports.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shlex
import sys
import time
import uuid
from collections import deque
from pathlib import Path

import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer, wrong_answer
from pix_contracts.topics import ASSESSMENT_EVENTS, PROFILE_EVENTS
from pixlocal import api
from pixlocal.config import test_stack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import client, report  # noqa: E402 - bench/loadgen, beside this file
from loadgen.lag import LagFollower, LagMatcher  # noqa: E402
from loadgen.pacing import Pacer  # noqa: E402
from loadgen.phases import run_phase  # noqa: E402

CODES = client.CODES
# The pool's default size: enough fresh candidates for seats answering at up to this rate, each
# candidate giving about this many answers over its 16 tests (measured: about 8 a test, 125 in all).
ASSUMED_MAX_RATE = 400
ANSWERS_PER_CANDIDATE = 110
TOKEN_LIFETIME_S = 15 * 60  # identity's access tokens: the whole run must fit in it


def candidate(gateway: str, deadline: float, bank) -> list[float]:
    """One candidate on a thread, signing up and logging in first: the load bench/sharing_lag.py
    runs beside its own measures. Returns the latencies of its answers (seconds)."""
    ip, email = api.random_ip(), f"bench.{uuid.uuid4().hex[:10]}@example.fr"
    api.sign_up(gateway, first_name="Banc", last_name="Essai", email=email, password="Secret123",
                client_ip=ip).raise_for_status()
    auth = {**api.bearer(api.log_in(gateway, email, "Secret123", client_ip=ip).json()), "X-Forwarded-For": ip}
    session, timings, turn = requests.Session(), [], 0
    for code in CODES:
        view = session.post(f"{gateway}/api/assessments", json={"competenceCode": code}, headers=auth,
                            timeout=30).json()
        while view["state"] == "started" and time.perf_counter() < deadline:
            challenge = bank.challenge_by_id[view["challenge"]["id"]]
            choose = wrong_answer if turn % 4 == 3 else reference_answer
            body = {"challengeId": challenge.id, "answer": choose(challenge, view["challenge"]["proposals"])}
            started = time.perf_counter()
            answered = session.post(f"{gateway}/api/assessments/{view['id']}/answers", json=body, headers=auth,
                                    timeout=30)
            timings.append(time.perf_counter() - started)
            answered.raise_for_status()
            view, turn = answered.json()["assessment"], turn + 1
        if time.perf_counter() >= deadline:
            break
    return timings


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=8, help="seats answering at once (and no-op loops)")
    parser.add_argument("--seconds", type=float, default=30.0, help="each window, exactly")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before each window")
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean think time before an answer (0: none)")
    parser.add_argument("--rate", type=float, default=None, help="answers/s of all seats together, at most")
    parser.add_argument("--pool", type=int, default=None, help="candidates signed up before (default: enough)")
    parser.add_argument("--noop-seconds", type=float, default=None,
                        help="the no-op window (default --seconds; 0: none)")
    parser.add_argument("--idle-seconds", type=float, default=5.0,
                        help="a window with no load first: the stack's own background CPU (0: none)")
    parser.add_argument("--lag-drain", type=float, default=15.0, help="seconds to wait for the last ProfileUpdated")
    parser.add_argument("--no-lag", action="store_true", help="no Kafka consumer, no lag")
    parser.add_argument("--slot", type=int, default=None, help="the test stack's PIX_TEST_SLOT (default: the env's)")
    parser.add_argument("--gateway", help="default: the slot's gateway")
    parser.add_argument("--var-dir", type=Path, help="the stack's var dir, whose run/ names its processes")
    parser.add_argument("--bootstrap", help="Kafka, default: the slot's")
    parser.add_argument("--topic-prefix", default=None, help="default: the stack's")
    parser.add_argument("--seed", type=int, default=None, help="think times drawn from this seed")
    parser.add_argument("--json", type=Path, help="write the whole result there")
    parser.add_argument("--markdown", action="store_true", help="print rows for docs/benchmarks.md too")
    args = parser.parse_args(argv)
    if args.candidates < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--candidates ≥ 1, --seconds > 0, --warmup ≥ 0")
    return args


def default_pool(candidates: int, warmup: float, seconds: float, think_ms: float, rate: float | None) -> int:
    """Seats plus the fresh candidates that seats answering flat out (or at --rate, or at the
    think time's pace) would need over the answer phase."""
    pace = min(ASSUMED_MAX_RATE, rate or ASSUMED_MAX_RATE, candidates * 1000 / think_ms if think_ms else math.inf)
    return candidates + math.ceil(pace * (warmup + seconds) / ANSWERS_PER_CANDIDATE)


def command_line() -> str:
    slot = os.environ.get("PIX_TEST_SLOT")
    return " ".join(([f"PIX_TEST_SLOT={slot}"] if slot else []) + [".venv/bin/python", "bench/answers.py"]
                    + [shlex.quote(a) for a in sys.argv[1:]])


async def run(args: argparse.Namespace) -> dict:
    cfg = test_stack(slot=args.slot)
    gateway = (args.gateway or cfg.gateway_url).rstrip("/")
    run_dir = (args.var_dir or cfg.var_dir) / "run"
    if not any(run_dir.glob("*.pid")):
        raise SystemExit(f"no process of a stack in {run_dir}: start one (pixlocal up --test) or pass --var-dir")
    noop_seconds = args.seconds if args.noop_seconds is None else args.noop_seconds
    pool_size = args.pool or default_pool(args.candidates, args.warmup, args.seconds, args.think_ms, args.rate)
    result = {"command": command_line(), "machine": report.machine(),
              "stack": {"gateway": gateway, "run_dir": str(run_dir)},
              "settings": {"candidates": args.candidates, "seconds": args.seconds, "warmup": args.warmup,
                           "think_ms": args.think_ms, "rate": args.rate, "pool": pool_size,
                           "noop_seconds": noop_seconds}}
    print(f"signing up and logging in {pool_size} candidates (not counted)…", file=sys.stderr, flush=True)
    signed_in = time.monotonic()
    people = await client.sign_up_pool(gateway, pool_size)
    bank, rng = load_bank(), random.Random(args.seed)
    follower = None
    if not args.no_lag:
        prefix = cfg.topic_prefix if args.topic_prefix is None else args.topic_prefix
        matcher = LagMatcher({p.user_id for p in people})
        follower = LagFollower(args.bootstrap or cfg.bootstrap, [prefix + ASSESSMENT_EVENTS, prefix + PROFILE_EVENTS],
                               matcher)
        follower.start()
    idle = None
    async with client.session(args.candidates) as http:
        if args.idle_seconds > 0:
            print(f"idle: {args.idle_seconds:.0f} s with no load…", file=sys.stderr, flush=True)
            window = await run_phase(client.Phase(http, gateway, stop_at=math.inf), [], 2.0, args.idle_seconds,
                                     run_dir)
            idle = result["idle"] = report.idle_report(window)
        if noop_seconds > 0:
            phase = client.Phase(http, gateway, stop_at=math.inf)
            seats = [people[i % len(people)] for i in range(args.candidates)]
            print(f"no-op: {args.warmup:.0f} s warm-up, {noop_seconds:.0f} s window…", file=sys.stderr, flush=True)
            window = await run_phase(phase, [lambda p=p: client.noop_loop(phase, p) for p in seats], args.warmup,
                                     noop_seconds, run_dir)
            result["noop"] = report.phase_report(window, "noop", report.NOOP_OK, idle)
        phase = client.Phase(http, gateway, stop_at=math.inf)
        pacer = Pacer(args.rate, asyncio.get_running_loop().time()) if args.rate else None
        answering = client.Answering(bank, deque(people), args.think_ms, pacer, rng)
        print(f"answers: {args.warmup:.0f} s warm-up, {args.seconds:.0f} s window…", file=sys.stderr, flush=True)
        window = await run_phase(phase, [lambda: client.answering_loop(phase, answering)] * args.candidates,
                                 args.warmup, args.seconds, run_dir)
    answers = report.phase_report(window, "answer", report.ANSWER_OK, idle)
    answers.update({"tests_started": sum(1 for r in window.requests if r.kind == "start" and r.status in (200, 201)
                                         and window.start <= r.ended <= window.end),
                    "candidates_finished": answering.finished, "pool_taken": pool_size - len(answering.pool),
                    "pool_exhausted": answering.exhausted_at is not None
                    and answering.exhausted_at < window.end})
    result["answers"] = answers
    if "noop" in result and result["noop"]["rate"]:
        result["ratio"] = round(answers["rate"] / result["noop"]["rate"], 3)
    if follower is not None:
        deadline = time.monotonic() + args.lag_drain
        while time.monotonic() < deadline:
            with follower.lock:
                waiting = matcher.waiting(window.wall_start, window.wall_end)
            if not waiting:
                break
            await asyncio.sleep(0.2)
        follower.stop()
        closed = [s for s in matcher.samples if window.wall_start <= s.answered_at <= window.wall_end]
        result["lag"] = report.lag_report(closed, matcher.waiting(window.wall_start, window.wall_end))
    if time.monotonic() - signed_in > TOKEN_LIFETIME_S:
        print("warning: the run outlasted the access tokens (15 min): late requests may be 401s", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    result = asyncio.run(run(args))
    print(report.human(result))
    if args.markdown:
        print()
        print(report.markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
