"""Decoding a request body as JSON within limits (docs/adr/0008).

Python's `json.loads` accepts what later code cannot hold: a nesting deep enough to raise
RecursionError, a number past the int-string limit (ValueError at 4 300 digits), lone
surrogates ("\\ud800") that pymongo and hashing cannot encode, and NaN/Infinity, which are
not JSON. `loads` refuses all of them with a `JsonRefused` carrying a stable code, before
any of that reaches a handler. Pure Python: no Flask here.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any

from pixkit.text import strings_in

MAX_DEPTH = 32  # nested arrays/objects; our widest request schema needs 3
MAX_NUMBER_LENGTH = 100  # characters of one number literal, sign and exponent included; finite floats only

INVALID_JSON = "INVALID_JSON"
JSON_TOO_DEEP = "JSON_TOO_DEEP"
JSON_NUMBER_TOO_LARGE = "JSON_NUMBER_TOO_LARGE"
JSON_INVALID_UNICODE = "JSON_INVALID_UNICODE"

# Strings (skipped whole, escapes included) or brackets: counts depth without recursion.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class JsonRefused(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def loads(body: bytes | str) -> Any:
    """The decoded document, or JsonRefused. Valid surrogate pairs ("\\ud83d\\ude00")
    decode to their one character and are fine; only a lone half is refused."""
    if isinstance(body, bytes):
        try:
            # JSON is UTF-8 (RFC 8259); strict UTF-8 also refuses surrogates encoded as bytes (ED A0 80).
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRefused(INVALID_JSON) from None
    check_depth(body)
    try:
        document = json.loads(body, parse_int=_integer, parse_float=_decimal, parse_constant=_not_json)
    except JsonRefused:
        raise
    except RecursionError:  # cannot happen after check_depth; kept so that it never is a 500
        raise JsonRefused(JSON_TOO_DEEP, limit=MAX_DEPTH) from None
    except ValueError:  # JSONDecodeError included
        raise JsonRefused(INVALID_JSON) from None
    check_strings(document)
    return document


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        found = match.group()
        if found in "[{":
            depth += 1
            if depth > limit:
                raise JsonRefused(JSON_TOO_DEEP, limit=limit)
        elif found in "]}":
            depth -= 1


def check_strings(document: Any) -> None:
    """Every string, object keys included, is whole Unicode."""
    if any(_SURROGATE.search(text) for text in strings_in(document)):
        raise JsonRefused(JSON_INVALID_UNICODE)


def _integer(literal: str) -> int:
    if len(literal) > MAX_NUMBER_LENGTH:
        raise JsonRefused(JSON_NUMBER_TOO_LARGE, limit=MAX_NUMBER_LENGTH)
    return int(literal)


def _decimal(literal: str) -> float:
    if len(literal) > MAX_NUMBER_LENGTH:
        raise JsonRefused(JSON_NUMBER_TOO_LARGE, limit=MAX_NUMBER_LENGTH)
    value = float(literal)
    if not math.isfinite(value):  # 1e999 would become infinity
        raise JsonRefused(JSON_NUMBER_TOO_LARGE, limit=MAX_NUMBER_LENGTH)
    return value


def _not_json(literal: str) -> Any:
    raise JsonRefused(INVALID_JSON)  # NaN, Infinity, -Infinity: Python's extension, not JSON
