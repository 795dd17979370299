"""A robot check that needs no outside service: a signed proof-of-work puzzle.

The server hands out `challenge` = "<issued_at>.<nonce>.<signature>"; the browser finds a
`counter` such that SHA-256("<challenge>:<counter>") starts with `difficulty` zero bits
(about 2^difficulty tries: a second or two of a browser's time, a real cost for a bot
signing up by the thousand). The server checks the signature (so it stores nothing until
the answer comes), the age, the work, and that the nonce was never used before (the
caller records it: see `nonce_of`).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

MAX_AGE_S = 600


class RobotCheckFailed(Exception):
    """The proof is missing, forged, too old, or does not hold the work."""


@dataclass(frozen=True)
class Puzzle:
    challenge: str
    difficulty: int


def _sign(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()[:32]


def issue(key: bytes, now: float, difficulty: int) -> Puzzle:
    payload = f"{int(now)}.{secrets.token_hex(12)}"
    return Puzzle(f"{payload}.{_sign(key, f'{payload}.{difficulty}')}", difficulty)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def verify(key: bytes, challenge: str, counter: object, now: float, difficulty: int) -> str:
    """Returns the nonce to record as used; raises RobotCheckFailed."""
    parts = challenge.split(".") if isinstance(challenge, str) else []
    if len(parts) != 3 or not parts[0].isdigit() or not isinstance(counter, int) or counter < 0:
        raise RobotCheckFailed("malformed")
    issued_at, nonce, signature = parts
    if not hmac.compare_digest(signature, _sign(key, f"{issued_at}.{nonce}.{difficulty}")):
        raise RobotCheckFailed("forged")
    if not 0 <= now - int(issued_at) <= MAX_AGE_S:
        raise RobotCheckFailed("expired")
    if leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < difficulty:
        raise RobotCheckFailed("not enough work")
    return nonce


def solve(challenge: str, difficulty: int) -> int:
    """What the browser does (in JavaScript); here for tests and scripted clients."""
    counter = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{counter}".encode()).digest()) < difficulty:
        counter += 1
    return counter
