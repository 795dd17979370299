"""Answer checking (docs/domain.md §3): the wire shape of an answer, then right or wrong.

Two steps on purpose. `parse_answer` is the only place that looks at untrusted JSON: any
shape the challenge cannot take raises `MalformedAnswer` (a 422, the client is buggy), so
`is_correct` works on clean values. A well-formed but blank or unparsable answer is the
candidate's, not the client's: it is simply wrong.

Tolerances (a per-challenge set, applied to the answer and to every variant alike):
- always: Unicode NFC, non-breaking spaces (U+00A0, U+202F) → space;
- t1: trim, lowercase, strip accents, remove all whitespace;
- t2: remove every character that is not a letter (L*, with its marks M*), a digit (Nd) or
  a space: punctuation, the hyphen and symbols (+ < > € ⌘) alike. A challenge where one
  of them matters does not take t2 (the bank's content tests check it still accepts its
  own variants);
- t3: accept when Levenshtein(answer, variant) / len(answer) ≤ 0.25 (never an empty answer).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from .content import Challenge
from .errors import MalformedAnswer

MAX_TEXT_LENGTH = 500
# Proposal numbers on the wire: a few ASCII digits. Bounding the length before int() keeps
# Python's own int-string limit (a ValueError past 4300 digits) out of reach.
_PROPOSAL_NUMBER = re.compile(r"[0-9]{1,3}")
_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
_T2_KEPT_CATEGORIES = ("L", "M", "Nd")  # letters, their combining marks, decimal digits
T3_MAX_RATIO = 0.25
# Numeric answers: optional sign, digits (or groups of three separated by one space, once
# no-break spaces became spaces, after any leading zeros: "00025 000"), then an optional
# comma or dot decimal part.
_NUMBER = re.compile(r"(?P<sign>[+-]?)(?P<int>0*[0-9]{1,3}(?: [0-9]{3})+|[0-9]*)(?:[.,](?P<frac>[0-9]+))?")
NUMERIC_TOLERANCE = 1e-9


# --- normalization -------------------------------------------------------------------------


def normalize(text: str, tolerances: frozenset[str]) -> str:
    """`text` as compared under `tolerances` (t3 is a comparison, not a normalization)."""
    text = unicodedata.normalize("NFC", text).translate(_NO_BREAK_SPACES)
    if "t1" in tolerances:
        text = _strip_accents(text.strip().lower())
        text = "".join(text.split())
    if "t2" in tolerances:
        text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch).startswith(_T2_KEPT_CATEGORIES))
    return text


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    # Recompose afterwards so that what is left compares like any other NFC text.
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions), two rows of memory."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _close_enough(answer: str, variant: str) -> bool:
    """t3 on normalized texts. The length gap is a lower bound of the distance: skipping
    hopeless variants early keeps a 500-character answer cheap."""
    if not answer:
        return False
    budget = len(answer) * T3_MAX_RATIO
    if abs(len(answer) - len(variant)) > budget:
        return False
    # Integers on both sides: 4·d ≤ n is exactly d/n ≤ 0.25, without float rounding.
    return 4 * levenshtein(answer, variant) <= len(answer)


# --- numbers ---------------------------------------------------------------------------------


def parse_number(text: str) -> float | None:
    """"1 250,5", "1250.5", "-3" → float; None for anything else ("1,250.5", "12 €", "")."""
    text = unicodedata.normalize("NFC", text).translate(_NO_BREAK_SPACES).strip()
    match = _NUMBER.fullmatch(text)
    if match is None or not (match["int"] or match["frac"]):
        return None
    digits = match["int"].replace(" ", "") or "0"
    value = float(f"{digits}.{match['frac'] or '0'}")
    return -value if match["sign"] == "-" else value


def _numbers_equal(answer: str, variant: str) -> bool:
    number, expected = parse_number(answer), parse_number(variant)
    if number is None or expected is None:
        return False
    return math.isclose(number, expected, rel_tol=NUMERIC_TOLERANCE, abs_tol=NUMERIC_TOLERANCE)


# --- matching one text against variants ------------------------------------------------------


def matches(challenge: Challenge, answer: str, variants: Sequence[str]) -> bool:
    """One typed text against the accepted variants, under the challenge's rules."""
    if not answer.strip():
        return False  # blank is wrong, whatever the tolerances or the variants say
    if challenge.numeric:
        return any(_numbers_equal(answer, variant) for variant in variants)
    tolerances = challenge.tolerances
    normalized = normalize(answer, tolerances)
    if not normalized:
        return False  # e.g. "..." under t2: nothing left to compare
    candidates = [normalize(variant, tolerances) for variant in variants]
    if normalized in candidates:
        return True
    return "t3" in tolerances and any(_close_enough(normalized, candidate) for candidate in candidates)


def _same_answer(challenge: Challenge, a: str, b: str) -> bool:
    """Two typed texts that are one answer under the challenge's rules (t3 aside: two close
    but different words are two answers)."""
    if challenge.numeric:
        return _numbers_equal(a, b)
    return normalize(a, challenge.tolerances) == normalize(b, challenge.tolerances)


def _distinct_groups(challenge: Challenge, answers: Sequence[str], groups: Sequence[Sequence[str]]) -> bool:
    """QROCM-dep: can every answer be paired with its own group? One answer typed in two
    fields counts once at most, so it can never fill them both. Then bipartite matching by
    augmenting paths (Kuhn): a handful of fields and groups, so plain recursion is enough."""
    if any(_same_answer(challenge, a, b) for i, a in enumerate(answers) for b in answers[i + 1:]):
        return False
    fits = [[g for g, group in enumerate(groups) if matches(challenge, answer, group)] for answer in answers]
    owner: dict[int, int] = {}  # group index → answer index currently holding it

    def assign(a: int, seen: set[int]) -> bool:
        for g in fits[a]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or assign(owner[g], seen):
                owner[g] = a
                return True
        return False

    return all(assign(a, set()) for a in range(len(answers)))


# --- correctness -----------------------------------------------------------------------------


def is_correct(challenge: Challenge, answer: object) -> bool:
    """`answer` as returned by `parse_answer` for this challenge."""
    return _CHECKERS[challenge.type](challenge, answer)


def _qcu_correct(challenge: Challenge, answer: object) -> bool:
    return answer == challenge.solution


def _qcm_correct(challenge: Challenge, answer: object) -> bool:
    return frozenset(answer) == frozenset(challenge.solution)  # type: ignore[arg-type]


def _qroc_correct(challenge: Challenge, answer: object) -> bool:
    return matches(challenge, answer, challenge.solution)  # type: ignore[arg-type]


def _qrocm_ind_correct(challenge: Challenge, answer: object) -> bool:
    solution: Mapping[str, Sequence[str]] = challenge.solution  # type: ignore[assignment]
    return all(matches(challenge, answer[name], solution[name]) for name in solution)  # type: ignore[index]


def _qrocm_dep_correct(challenge: Challenge, answer: object) -> bool:
    answers = [answer[field.name] for field in challenge.fields]  # type: ignore[index]
    return _distinct_groups(challenge, answers, challenge.solution)  # type: ignore[arg-type]


_CHECKERS: dict[str, Callable[[Challenge, object], bool]] = {
    "QCU": _qcu_correct,
    "QCM": _qcm_correct,
    "QROC": _qroc_correct,
    "QROCM-ind": _qrocm_ind_correct,
    "QROCM-dep": _qrocm_dep_correct,
}


# --- wire shape --------------------------------------------------------------------------------


def parse_answer(challenge: Challenge, raw: object) -> object:
    """Validates the wire shape and returns the normalized value `is_correct` expects:
    QCU → int; QCM → frozenset[int]; QROC → str; QROCM-ind/-dep → dict field name → str."""
    return _PARSERS[challenge.type](challenge, raw)


def _malformed(reason: str, **details: object) -> MalformedAnswer:
    return MalformedAnswer(details={"reason": reason, **details})


def _type_name(raw: object) -> str:
    # JSON's vocabulary, not Python's: the client speaks JSON.
    names = {type(None): "null", bool: "boolean", int: "number", float: "number", str: "string",
             list: "array", tuple: "array", dict: "object"}
    return names.get(type(raw), type(raw).__name__)


def _proposal_number(challenge: Challenge, raw: object) -> int:
    """2 or "2" → 2, within 1..len(proposals). bool is an int subclass: refused explicitly."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _malformed("a proposal number must be an integer or a string of digits", got=_type_name(raw))
    if isinstance(raw, str):
        if not _PROPOSAL_NUMBER.fullmatch(raw):
            raise _malformed("a proposal number must be a string of digits", got="string")
        raw = int(raw)
    count = len(challenge.proposals_fr)
    if not 1 <= raw <= count:
        # Echo the number only when it is short: a huge int would bloat the error.
        raise _malformed(f"proposal number out of range 1..{count}", minimum=1, maximum=count,
                         got=raw if abs(raw) < 10**6 else "too large")
    return raw


def _parse_qcu(challenge: Challenge, raw: object) -> int:
    return _proposal_number(challenge, raw)


def _parse_qcm(challenge: Challenge, raw: object) -> frozenset[int]:
    if not isinstance(raw, list | tuple):
        raise _malformed("a multiple-choice answer must be a list of proposal numbers", got=_type_name(raw))
    if not raw:
        raise _malformed("a multiple-choice answer must choose at least one proposal")
    if len(raw) > len(challenge.proposals_fr):
        raise _malformed("more choices than proposals", maximum=len(challenge.proposals_fr))
    numbers = [_proposal_number(challenge, item) for item in raw]
    if len(set(numbers)) != len(numbers):
        raise _malformed("a proposal is chosen twice", duplicates=sorted({n for n in numbers if numbers.count(n) > 1}))
    return frozenset(numbers)


def _text(raw: object, **where: object) -> str:
    if not isinstance(raw, str):
        raise _malformed("a text answer must be a string", got=_type_name(raw), **where)
    if len(raw) > MAX_TEXT_LENGTH:
        raise _malformed(f"a text answer is at most {MAX_TEXT_LENGTH} characters", maximum=MAX_TEXT_LENGTH,
                         length=len(raw), **where)
    return raw


def _parse_qroc(challenge: Challenge, raw: object) -> str:
    return _text(raw)


def _parse_fields(challenge: Challenge, raw: object) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise _malformed("this answer must be an object mapping field names to texts", got=_type_name(raw))
    expected = [field.name for field in challenge.fields]
    # Keys may be anything in a hand-made payload; compare them as given, report them as text.
    missing = [name for name in expected if name not in raw]
    unknown = sorted(str(key)[:50] for key in raw if key not in expected)
    if missing or unknown:
        raise _malformed("the fields must be exactly the challenge's", expected=expected, missing=missing,
                         unknown=unknown[:10])
    return {name: _text(raw[name], field=name) for name in expected}


_PARSERS: dict[str, Callable[[Challenge, object], object]] = {
    "QCU": _parse_qcu,
    "QCM": _parse_qcm,
    "QROC": _parse_qroc,
    "QROCM-ind": _parse_fields,
    "QROCM-dep": _parse_fields,
}
