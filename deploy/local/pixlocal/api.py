"""The platform's public API as a scripted client uses it: demo data, e2e tests, benches.

Signing up takes a solved robot-check puzzle, as the browser sends it (static/pix.js).
`client_ip` sets X-Forwarded-For: a stack that trusts one proxy hop (the test stack, like
production behind its ingress) then counts rate limits for that address.
"""
from __future__ import annotations

import hashlib
import random

import requests

TIMEOUT = 15


def _zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def solve(challenge: str, difficulty: int) -> int:
    counter = 0
    while _zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < difficulty:
        counter += 1
    return counter


def headers_for(client_ip: str | None) -> dict[str, str]:
    return {"X-Forwarded-For": client_ip} if client_ip else {}


def random_ip() -> str:
    """An address from the documentation range, so each caller gets its own limits."""
    return f"198.51.{random.randrange(256)}.{random.randrange(1, 255)}"  # noqa: S311 - not a secret


def robot_proof(base_url: str, client_ip: str | None = None) -> dict:
    puzzle = requests.get(f"{base_url}/api/users/robot-check", headers=headers_for(client_ip), timeout=TIMEOUT)
    puzzle.raise_for_status()
    body = puzzle.json()
    return {"challenge": body["challenge"], "counter": solve(body["challenge"], body["difficulty"])}


def sign_up(base_url: str, *, first_name: str, last_name: str, email: str, password: str,
            client_ip: str | None = None, **extra) -> requests.Response:
    body = {"firstName": first_name, "lastName": last_name, "email": email, "password": password,
            "acceptTerms": True, "robotProof": robot_proof(base_url, client_ip), **extra}
    return requests.post(f"{base_url}/api/users", json=body, headers=headers_for(client_ip), timeout=TIMEOUT)


def log_in(base_url: str, email: str, password: str, client_ip: str | None = None) -> requests.Response:
    return requests.post(f"{base_url}/api/token", json={"email": email, "password": password},
                         headers=headers_for(client_ip), timeout=TIMEOUT)


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['accessToken']}"}
