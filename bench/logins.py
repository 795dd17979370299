"""Logins per second per core with the chosen argon2id cost (issue 3). Not a test.

    .venv/bin/python bench/logins.py [--seconds 10] [--gateway http://127.0.0.1:18000 --clients 2]

1. The hash check alone, on one core (the cost a login pays by design).
2. With --gateway: real logins through the gateway, `--clients` at a time. Use the test
   stack (`.venv/bin/pixlocal up --test`): it trusts one proxy hop, so each login can come
   from its own address (X-Forwarded-For) instead of hitting the per-address limit.
"""
from __future__ import annotations

import argparse
import statistics
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from pixlocal import api


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


def http_rate(gateway: str, seconds: float, clients: int) -> tuple[float, float]:
    email = f"bench.{uuid.uuid4().hex[:8]}@example.fr"
    api.sign_up(gateway, first_name="Banc", last_name="Essai", email=email, password="Secret123",
                client_ip=api.random_ip()).raise_for_status()

    def one_client() -> list[float]:
        timings = []
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            answer = api.log_in(gateway, email, "Secret123", client_ip=api.random_ip())
            answer.raise_for_status()
            timings.append(time.perf_counter() - started)
        return timings

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        timings = [t for result in pool.map(lambda _: one_client(), range(clients)) for t in result]
    return len(timings) / (time.perf_counter() - started), statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--gateway")
    parser.add_argument("--clients", type=int, default=1)
    args = parser.parse_args()
    from pix_identity.adapters import passwords

    params = passwords.HASHER
    print(f"argon2id m={params.memory_cost} KiB t={params.time_cost} p={params.parallelism}")
    rate, median = hash_rate(args.seconds)
    print(f"hash checks/s on one core: {rate:.1f} (median {median:.1f} ms)")
    if args.gateway:
        rate, median = http_rate(args.gateway, args.seconds, args.clients)
        print(f"logins/s through the gateway, {args.clients} client(s): {rate:.1f} (median {median:.1f} ms)")


if __name__ == "__main__":
    main()
