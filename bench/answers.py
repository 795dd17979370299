"""Answers per second through the gateway: candidates taking positioning tests at once
(issue 4, national load). Not a test.

    .venv/bin/pixlocal up --test
    .venv/bin/python bench/answers.py --gateway http://127.0.0.1:18000 --candidates 8 --seconds 30

Each candidate signs up, logs in, then takes tests competence after competence with the
reference answers (a wrong one in four), until the time is up. Reports answers/s and the
latency of `POST /api/assessments/<id>/answers` (median, p95, p99).
"""
from __future__ import annotations

import argparse
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer, wrong_answer
from pixlocal import api

CODES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3",
         "5.1", "5.2")


def candidate(gateway: str, deadline: float, bank) -> list[float]:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", default="http://127.0.0.1:18000")
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    bank = load_bank()
    started = time.perf_counter()
    deadline = started + args.seconds
    with ThreadPoolExecutor(args.candidates) as pool:
        results = list(pool.map(lambda _: candidate(args.gateway, deadline, bank), range(args.candidates)))
    elapsed = time.perf_counter() - started
    timings = sorted(t for result in results for t in result)
    if not timings:
        raise SystemExit("no answer was recorded")

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(p * len(timings)))] * 1000

    print(f"{args.candidates} candidates, {elapsed:.1f} s: {len(timings)} answers, {len(timings) / elapsed:.1f} "
          f"answers/s; latency median {statistics.median(timings) * 1000:.1f} ms, p95 {pct(0.95):.1f} ms, "
          f"p99 {pct(0.99):.1f} ms")


if __name__ == "__main__":
    main()
