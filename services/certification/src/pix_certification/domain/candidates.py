"""A session's candidate list (docs/domain.md §6): the Candidate value, the rules one candidate
must meet, the import's columns, and duplicates inside a list or against the existing list.

Cells arrive as a spreadsheet gives them: text, numbers, dates or nothing. Text is trimmed.
A cell that starts with `=`, `+`, `-` or `@` is data like any other and stays text (exports
guard against formulas when they write it back out). Every problem is reported as
`{"field": <wire name>, "code": <reason>}` (plus `"line"` on import), so that a user can fix
the whole sheet in one go; an import with any problem imports nothing.

Two candidates are the same person when their birth last name, first name and birth date
match, ignoring case, accents and repeated spaces: "Élodie  MARTIN" is "elodie martin".
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pixkit.errors import DomainError

# --- limits and values ---------------------------------------------------------------------

MAX_NAME = 100
MAX_PLACE = 100
MAX_EMAIL = 254  # the longest address SMTP carries
MAX_EXTERNAL_ID = 100
MAX_PREPAYMENT_CODE = 50
MAX_ACCESSIBILITY_NEEDS = 500
MAX_EXTRA_TIME = 100
OLDEST_BIRTH_DATE = dt.date(1900, 1, 1)
MAX_CANDIDATES = 1000  # one import, and one session's list

SEXES = ("M", "F")
FREE, PAID, PREPAID = "free", "paid", "prepaid"
BILLING_MODES = (FREE, PAID, PREPAID)
# What the template shows and a person types, mapped to the wire names.
BILLING_LABELS = {FREE: "Gratuite", PAID: "Payante", PREPAID: "Prépayée"}
FRANCE = "France"

# Problem codes (a problem is {"field", "code"}; on import also "line").
REQUIRED = "REQUIRED"
TOO_LONG = "TOO_LONG"
INVALID_FORMAT = "INVALID_FORMAT"      # not an e-mail, a postal code, an integer, a dd/mm/yyyy date …
NOT_A_DATE = "NOT_A_DATE"              # dd/mm/yyyy shaped, but no such day (31/02/2000)
OUT_OF_RANGE = "OUT_OF_RANGE"          # extra time beyond 0..100, birth date before 1900 or in the future
UNKNOWN_VALUE = "UNKNOWN_VALUE"        # a sex or a billing mode outside the list
NOT_EXPECTED = "NOT_EXPECTED"          # a prepayment code when the billing mode is not prepaid
DUPLICATE = "DUPLICATE"                # same person as an earlier line of the same file
ALREADY_LISTED = "ALREADY_LISTED"      # same person as a candidate already on the session's list
MISSING_COLUMN = "MISSING_COLUMN"      # a required column is not in the header
DUPLICATE_COLUMN = "DUPLICATE_COLUMN"  # two header cells name the same column

# The columns in the templates' order: wire name, French header, required in the header.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("last_name", "Nom de naissance", True),
    ("first_name", "Prénom", True),
    ("sex", "Sexe (M ou F)", True),
    ("birth_date", "Date de naissance (jj/mm/aaaa)", True),
    ("birth_city", "Commune de naissance", True),
    ("birth_postal_code", "Code postal de naissance (si né en France)", True),
    ("birth_country", "Pays de naissance", True),
    ("email", "E-mail du candidat", True),
    ("result_recipient_email", "E-mail du destinataire des résultats (facultatif)", False),
    ("external_id", "Identifiant externe (facultatif)", False),
    ("extra_time_percentage", "Temps majoré en % (facultatif)", False),
    ("billing_mode", "Tarification (Gratuite, Payante ou Prépayée)", True),
    ("prepayment_code", "Code de prépaiement (si Prépayée)", False),
    ("accessibility_needs", "Besoins d'accessibilité (facultatif)", False),
)
FIELDS = tuple(field for field, _, _ in COLUMNS)
HEADERS = tuple(header for _, header, _ in COLUMNS)

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_DATE_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_FRENCH_POSTAL_CODE = re.compile(r"\d[\dAB]\d{3}")  # 2A/2B: Corsica's INSEE codes
_EXTRA_TIME = re.compile(r"(\d{1,3})\s*%?")
# Control characters have no place in a name; a line break may sit in the free text only.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_LINE_BREAKS = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
_PARENTHESES = re.compile(r"\([^)]*\)")


# --- the value and its errors --------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    last_name: str
    first_name: str
    sex: str                        # "M" or "F"
    birth_date: dt.date
    birth_city: str
    birth_postal_code: str | None   # required for those born in France
    birth_country: str
    email: str
    billing_mode: str               # one of BILLING_MODES
    result_recipient_email: str | None = None
    external_id: str | None = None
    extra_time_percentage: int | None = None
    prepayment_code: str | None = None  # only and always with PREPAID
    accessibility_needs: str | None = None


class InvalidCandidate(DomainError):
    """A candidate added one by one breaks a rule: details["problems"] = [{field, code}]."""
    code = "INVALID_CANDIDATE"


class CandidateAlreadyListed(DomainError):
    """The same person (names and birth date) is already on the session's list."""
    code = "CANDIDATE_ALREADY_LISTED"


class CandidateImportError(DomainError):
    """The base of every refusal of an imported file: nothing of the file is imported."""
    code = "CANDIDATE_IMPORT_FAILED"


class CandidateImportRejected(CandidateImportError):
    """Some lines (or the header) are wrong: details["problems"] = [{line, field, code}], every
    one of them, in line order; the header is line 1."""
    code = "CANDIDATE_IMPORT_REJECTED"


class UnsupportedCandidateFile(CandidateImportError):
    """Not a .csv, .xlsx or .ods file name."""
    code = "CANDIDATE_FILE_UNSUPPORTED"


class UnreadableCandidateFile(CandidateImportError):
    """The bytes are not the spreadsheet the file name says (or not UTF-8 text for a CSV)."""
    code = "CANDIDATE_FILE_UNREADABLE"


class CandidateFileTooLarge(CandidateImportError):
    """More bytes than the import takes (params: limit, in bytes)."""
    code = "CANDIDATE_FILE_TOO_LARGE"


class TooManyCandidateRows(CandidateImportError):
    """More candidate lines than a list holds (params: limit)."""
    code = "CANDIDATE_FILE_TOO_MANY_ROWS"


class EmptyCandidateFile(CandidateImportError):
    """No header, or a header and no candidate."""
    code = "CANDIDATE_FILE_EMPTY"


# --- one candidate ---------------------------------------------------------------------------

def candidate_from_fields(fields: Mapping[str, Any], *, today: dt.date) -> Candidate:
    """The Candidate the cells describe (keys are wire names; a missing key is an empty cell),
    or InvalidCandidate listing every problem."""
    candidate, problems = _checked(fields, today)
    if problems:
        raise InvalidCandidate({"problems": problems})
    return candidate


def identity_key(candidate: Candidate) -> tuple[str, str, dt.date]:
    """What makes two entries the same person."""
    return (folded_name(candidate.last_name), folded_name(candidate.first_name), candidate.birth_date)


def ensure_not_listed(candidate: Candidate, existing: Iterable[Candidate]) -> None:
    """Adding one by one: the same person may not be on the list twice."""
    key = identity_key(candidate)
    if any(identity_key(other) == key for other in existing):
        raise CandidateAlreadyListed()


def duplicates_within(candidates: Sequence[Candidate]) -> dict[int, int]:
    """{index of a repeat: index of its first occurrence}, for every repeat in the list."""
    first: dict[tuple[str, str, dt.date], int] = {}
    repeats: dict[int, int] = {}
    for index, candidate in enumerate(candidates):
        repeats_of = first.setdefault(identity_key(candidate), index)
        if repeats_of != index:
            repeats[index] = repeats_of
    return repeats


def already_listed(candidates: Sequence[Candidate], existing: Iterable[Candidate]) -> list[int]:
    """The indexes of the candidates who are already on the existing list."""
    listed = {identity_key(other) for other in existing}
    return [index for index, candidate in enumerate(candidates) if identity_key(candidate) in listed]


# --- an imported sheet -------------------------------------------------------------------------

def candidates_from_rows(rows: Iterable[tuple[int, Sequence[Any]]], *, today: dt.date,
                         existing: Iterable[Candidate] = ()) -> list[Candidate]:
    """The candidates of a sheet's rows, given as (line as the sheet shows it, cells). The first
    non-empty row is the header; empty rows are skipped. Raises CandidateImportRejected with
    every problem of every line, EmptyCandidateFile, or TooManyCandidateRows."""
    filled = ((line, cells) for line, cells in rows if not _empty_row(cells))
    header = next(filled, None)
    if header is None:
        raise EmptyCandidateFile()
    header_line, header_cells = header
    positions, problems = _columns(header_line, header_cells)
    if problems:
        raise CandidateImportRejected({"problems": problems})
    lines: list[int] = []
    candidates: list[Candidate] = []
    for count, (line, cells) in enumerate(filled, start=1):
        if count > MAX_CANDIDATES:
            raise TooManyCandidateRows(limit=MAX_CANDIDATES)
        fields = {field: cells[index] if index < len(cells) else None for field, index in positions.items()}
        candidate, wrong = _checked(fields, today)
        problems += [{"line": line, **problem} for problem in wrong]
        if candidate is not None:
            lines.append(line)
            candidates.append(candidate)
    if not lines and not problems:
        raise EmptyCandidateFile()
    problems += [{"line": lines[index], "field": "last_name", "code": DUPLICATE, "first_line": lines[first]}
                 for index, first in duplicates_within(candidates).items()]
    problems += [{"line": lines[index], "field": "last_name", "code": ALREADY_LISTED}
                 for index in already_listed(candidates, existing)]
    if problems:
        problems.sort(key=lambda problem: (problem["line"], FIELDS.index(problem["field"])))
        raise CandidateImportRejected({"problems": problems})
    return candidates


def _columns(line: int, cells: Sequence[Any]) -> tuple[dict[str, int], list[dict]]:
    """Which cell holds which field. A header cell names a field by its French header (the
    words in parentheses, case, accents and spacing do not matter) or by its wire name;
    other columns are ignored."""
    names = {_header_key(header): field for field, header, _ in COLUMNS}
    names.update({_header_key(field): field for field in FIELDS})
    positions: dict[str, int] = {}
    problems: list[dict] = []
    for index, cell in enumerate(cells):
        field = names.get(_header_key(_text(cell) or ""))
        if field is None:
            continue
        if field in positions:
            problems.append({"line": line, "field": field, "code": DUPLICATE_COLUMN})
        else:
            positions[field] = index
    problems += [{"line": line, "field": field, "code": MISSING_COLUMN}
                 for field, _, required in COLUMNS if required and field not in positions]
    return positions, problems


def _header_key(text: str) -> str:
    return folded_name(_PARENTHESES.sub(" ", text).replace("-", " ").replace("_", " "))


# --- the checks, field by field -----------------------------------------------------------------

def _checked(fields: Mapping[str, Any], today: dt.date) -> tuple[Candidate | None, list[dict]]:
    problems: list[dict] = []

    def wrong(field: str, code: str) -> None:
        problems.append({"field": field, "code": code})

    def text(field: str, limit: int, *, required: bool, multiline: bool = False) -> str | None:
        value = _text(fields.get(field))
        if value is None:
            if required:
                wrong(field, REQUIRED)
            return None
        if len(value) > limit:
            wrong(field, TOO_LONG)
        elif (_CONTROL_BUT_LINE_BREAKS if multiline else _CONTROL).search(value):
            wrong(field, INVALID_FORMAT)
        return value

    def email(field: str, *, required: bool) -> str | None:
        reported = len(problems)
        value = text(field, MAX_EMAIL, required=required)
        if value is not None and len(problems) == reported and not _EMAIL.fullmatch(value):
            wrong(field, INVALID_FORMAT)
        return value

    last_name = text("last_name", MAX_NAME, required=True)
    first_name = text("first_name", MAX_NAME, required=True)
    sex = _sex(fields.get("sex"), wrong)
    birth_date = _birth_date(fields.get("birth_date"), today, wrong)
    birth_city = text("birth_city", MAX_PLACE, required=True)
    birth_country = text("birth_country", MAX_PLACE, required=True)
    born_in_france = birth_country is not None and folded_name(birth_country) == folded_name(FRANCE)
    birth_postal_code = _postal_code(fields.get("birth_postal_code"), born_in_france, wrong)
    candidate_email = email("email", required=True)
    result_recipient_email = email("result_recipient_email", required=False)
    external_id = text("external_id", MAX_EXTERNAL_ID, required=False)
    extra_time = _extra_time(fields.get("extra_time_percentage"), wrong)
    billing_mode = _billing_mode(fields.get("billing_mode"), wrong)
    prepayment_code = text("prepayment_code", MAX_PREPAYMENT_CODE, required=billing_mode == PREPAID)
    if prepayment_code is not None and billing_mode not in (None, PREPAID):
        wrong("prepayment_code", NOT_EXPECTED)
    accessibility_needs = text("accessibility_needs", MAX_ACCESSIBILITY_NEEDS, required=False, multiline=True)
    if problems:
        return None, problems
    return Candidate(
        last_name=last_name, first_name=first_name, sex=sex, birth_date=birth_date,
        birth_city=birth_city, birth_postal_code=birth_postal_code, birth_country=birth_country,
        email=candidate_email, billing_mode=billing_mode, result_recipient_email=result_recipient_email,
        external_id=external_id, extra_time_percentage=extra_time, prepayment_code=prepayment_code,
        accessibility_needs=accessibility_needs,
    ), []


def _sex(value: Any, wrong) -> str | None:
    text = _text(value)
    if text is None:
        wrong("sex", REQUIRED)
        return None
    if text.upper() not in SEXES:
        wrong("sex", UNKNOWN_VALUE)
        return None
    return text.upper()


def _birth_date(value: Any, today: dt.date, wrong) -> dt.date | None:
    # A real spreadsheet date comes as a date (or a datetime at midnight); text must be dd/mm/yyyy.
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = _text(value)
        if text is None:
            wrong("birth_date", REQUIRED)
            return None
        match = _DATE_TEXT.fullmatch(text)
        if match is None:
            wrong("birth_date", INVALID_FORMAT)
            return None
        day, month, year = (int(part) for part in match.groups())
        try:
            value = dt.date(year, month, day)
        except ValueError:
            wrong("birth_date", NOT_A_DATE)
            return None
    if not OLDEST_BIRTH_DATE <= value <= today:
        wrong("birth_date", OUT_OF_RANGE)
        return None
    return value


def _postal_code(value: Any, born_in_france: bool, wrong) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        # Typed into a number cell, 01000 became 1000: French postal codes have 5 digits.
        value = f"{value:05d}"
    text = _text(value)
    if text is None:
        if born_in_france:
            wrong("birth_postal_code", REQUIRED)
        return None
    if len(text) > MAX_PLACE:
        wrong("birth_postal_code", TOO_LONG)
    elif _CONTROL.search(text) or (born_in_france and not _FRENCH_POSTAL_CODE.fullmatch(text.upper())):
        wrong("birth_postal_code", INVALID_FORMAT)
    return text.upper() if born_in_france else text


def _extra_time(value: Any, wrong) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = _text(value)
        if text is None:
            return None
        match = _EXTRA_TIME.fullmatch(text)
        if match is None:
            wrong("extra_time_percentage", INVALID_FORMAT)
            return None
        number = int(match[1])
    if not 0 <= number <= MAX_EXTRA_TIME:
        wrong("extra_time_percentage", OUT_OF_RANGE)
        return None
    return number


def _billing_mode(value: Any, wrong) -> str | None:
    text = _text(value)
    if text is None:
        wrong("billing_mode", REQUIRED)
        return None
    names = {folded_name(label): mode for mode, label in BILLING_LABELS.items()}
    names |= {mode: mode for mode in BILLING_MODES}
    mode = names.get(folded_name(text))
    if mode is None:
        wrong("billing_mode", UNKNOWN_VALUE)
    return mode


# --- cells -----------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    """A cell as trimmed text, None when empty. A whole number typed in a number cell is its
    digits (12345.0 is "12345"), so that an external id or a code reads as typed."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.strftime("%d/%m/%Y")
    text = str(value).replace("\u00a0", " ").strip()
    return text or None


def _empty_row(cells: Sequence[Any]) -> bool:
    return all(_text(cell) is None for cell in cells)


def folded_name(text: str) -> str:
    """Case, accents and runs of spaces do not tell two names apart."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split())


# --- the vault's record ----------------------------------------------------------------------

def to_record(candidate: Candidate) -> dict[str, Any]:
    """The candidate as the vault and the session's rules hold it: wire names, the birth date
    as ISO text (JSON all through)."""
    return {**asdict(candidate), "birth_date": candidate.birth_date.isoformat()}


def from_record(record: Mapping[str, Any]) -> Candidate:
    return Candidate(**{**record, "birth_date": dt.date.fromisoformat(record["birth_date"])})
