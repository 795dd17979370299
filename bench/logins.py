"""Logins per second per core with the chosen argon2id cost (issue 3). Not a test.

    .venv/bin/python bench/logins.py [--seconds 10] [--gateway http://127.0.0.1:8000]

1. The hash check alone, on one core (the cost a login pays by design).
2. With --gateway: real logins through the gateway (`make up` first), one client at a time.
"""
from __future__ import annotations

import argparse
import statistics
import time
import uuid

import requests
from argon2 import PasswordHasher


def hash_rate(seconds: float) -> tuple[float, float]:
    from pix_identity.adapters import passwords

    hasher: PasswordHasher = passwords.HASHER
    stored = hasher.hash("Secret123")
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        hasher.verify(stored, "Secret123")
        timings.append(time.perf_counter() - started)
    return len(timings) / sum(timings), statistics.median(timings) * 1000


def http_rate(gateway: str, seconds: float) -> tuple[float, float]:
    email = f"bench.{uuid.uuid4().hex[:8]}@example.fr"
    body = {"firstName": "Banc", "lastName": "Essai", "email": email, "password": "Secret123", "acceptTerms": True}
    requests.post(f"{gateway}/api/users", json=body, timeout=10).raise_for_status()
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        answer = requests.post(f"{gateway}/api/token", json={"email": email, "password": "Secret123"}, timeout=10)
        timings.append(time.perf_counter() - started)
        if answer.status_code == 429:
            break
        answer.raise_for_status()
    return len(timings) / sum(timings), statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--gateway")
    args = parser.parse_args()
    from pix_identity.adapters import passwords

    params = passwords.HASHER
    print(f"argon2id m={params.memory_cost} KiB t={params.time_cost} p={params.parallelism}")
    rate, median = hash_rate(args.seconds)
    print(f"hash checks/s on one core: {rate:.1f} (median {median:.1f} ms)")
    if args.gateway:
        rate, median = http_rate(args.gateway, args.seconds)
        print(f"logins/s through the gateway, one client: {rate:.1f} (median {median:.1f} ms)")


if __name__ == "__main__":
    main()
