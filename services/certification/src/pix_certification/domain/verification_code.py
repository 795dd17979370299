"""A certificate's verification code (docs/domain.md §6): `P-` and 8 characters from an
alphabet with no vowels (no word can be spelled) and no look-alikes (0/O, 1/I/L, 5/S...).

The validator is lenient on what a person copies from a paper certificate: case and
spaces (around or inside) do not matter. `normalize_verification_code` gives the one
canonical form to look up.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from .errors import VerificationCodeExhausted

PREFIX = "P-"
ALPHABET = "2346789BCDFGHJKMPQRTVWXY"
LENGTH = 8
MAX_ATTEMPTS = 10
CANONICAL = re.compile(rf"P-[{ALPHABET}]{{{LENGTH}}}")  # the one form stored and printed


def generate_verification_code(is_taken: Callable[[str], bool],
                               choice: Callable[[str], str] = secrets.choice,
                               max_attempts: int = MAX_ATTEMPTS) -> str:
    """A code `is_taken` says is free; a fresh draw after each collision."""
    for _ in range(max_attempts):
        code = PREFIX + "".join(choice(ALPHABET) for _ in range(LENGTH))
        if not is_taken(code):
            return code
    raise VerificationCodeExhausted(attempts=max_attempts)


def normalize_verification_code(text: str) -> str | None:
    """The canonical code typed in `text` (any case, any whitespace), or None."""
    candidate = "".join(text.split()).upper()
    return candidate if CANONICAL.fullmatch(candidate) else None


def is_verification_code(text: str) -> bool:
    return normalize_verification_code(text) is not None
