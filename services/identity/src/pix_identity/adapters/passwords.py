"""Password hashing with scrypt (hashlib, no extra dependency), self-describing strings:
"scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>", so that the cost can rise later without
breaking the hashes already stored."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P, LENGTH = 2**14, 8, 1, 32  # ~16 MiB and some tens of ms per hash


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=LENGTH)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)
