"""Password hashing with argon2id at the OWASP / ASVS minimum: m = 19 MiB, t = 2, p = 1.

Hashes are self-describing PHC strings ("$argon2id$v=19$m=19456,t=2,p=1$…"), so the cost
can rise later: `needs_rehash` tells when a stored hash is below the current parameters.
(The former scrypt hashes are not verified any more: no real account ever had one.)
"""
from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16,
                        type=Type.ID)

# Verified instead of a real hash when the account is unknown or locked, so that those
# answers take as long as a wrong password for a real account (no account enumeration).
DUMMY_HASH = HASHER.hash("not the password of anyone: only spends the same time")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return HASHER.check_needs_rehash(stored)
