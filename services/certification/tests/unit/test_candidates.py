"""The candidate list's rules: each field's check, every problem at once, duplicates."""
import datetime as dt

import pytest
from pix_certification.domain.candidates import (
    PREPAID,
    CandidateAlreadyListed,
    CandidateImportRejected,
    EmptyCandidateFile,
    InvalidCandidate,
    TooManyCandidateRows,
    already_listed,
    candidate_from_fields,
    candidates_from_rows,
    duplicates_within,
    ensure_not_listed,
)

TODAY = dt.date(2026, 12, 2)
GOOD = {"last_name": " Martin ", "first_name": "Élodie", "sex": "f", "birth_date": "04/05/2001",
        "birth_city": "Lyon", "birth_postal_code": "69001", "birth_country": "France",
        "email": "elodie@example.fr", "billing_mode": "Gratuite"}


def problems_of(**changes):
    with pytest.raises(InvalidCandidate) as refused:
        candidate_from_fields({**GOOD, **changes}, today=TODAY)
    return refused.value.details["problems"]


def test_a_good_candidate_is_trimmed_and_normalized():
    candidate = candidate_from_fields({**GOOD, "extra_time_percentage": "30 %"}, today=TODAY)
    assert (candidate.last_name, candidate.sex, candidate.birth_date) == ("Martin", "F", dt.date(2001, 5, 4))
    assert (candidate.billing_mode, candidate.extra_time_percentage) == ("free", 30)


@pytest.mark.parametrize(("field", "value", "code"), [
    ("last_name", "  ", "REQUIRED"),
    ("first_name", "x" * 101, "TOO_LONG"),
    ("first_name", "Jean\tPaul", "INVALID_FORMAT"),
    ("sex", "H", "UNKNOWN_VALUE"),
    ("birth_date", "2001-05-04", "INVALID_FORMAT"),
    ("birth_date", "31/02/2001", "NOT_A_DATE"),
    ("birth_date", "01/01/2027", "OUT_OF_RANGE"),
    ("birth_date", dt.date(1899, 12, 31), "OUT_OF_RANGE"),
    ("birth_postal_code", None, "REQUIRED"),
    ("birth_postal_code", "6900", "INVALID_FORMAT"),
    ("email", "elodie.example.fr", "INVALID_FORMAT"),
    ("result_recipient_email", "a@b", "INVALID_FORMAT"),
    ("extra_time_percentage", "101", "OUT_OF_RANGE"),
    ("extra_time_percentage", "12.5", "INVALID_FORMAT"),
    ("billing_mode", "gratuit", "UNKNOWN_VALUE"),
    ("billing_mode", None, "REQUIRED"),
    ("prepayment_code", "ABC", "NOT_EXPECTED"),
    ("accessibility_needs", "x" * 501, "TOO_LONG"),
])
def test_each_bad_field_is_named_with_its_reason(field, value, code):
    assert problems_of(**{field: value}) == [{"field": field, "code": code}]


def test_every_problem_is_reported_at_once():
    problems = problems_of(sex="X", email="", billing_mode=PREPAID)
    assert problems == [{"field": "sex", "code": "UNKNOWN_VALUE"}, {"field": "email", "code": "REQUIRED"},
                        {"field": "prepayment_code", "code": "REQUIRED"}]


def test_born_abroad_needs_no_postal_code_and_corsica_has_letters():
    abroad = candidate_from_fields({**GOOD, "birth_country": "Belgique", "birth_postal_code": None}, today=TODAY)
    assert abroad.birth_postal_code is None
    assert candidate_from_fields({**GOOD, "birth_postal_code": "2a004"}, today=TODAY).birth_postal_code == "2A004"
    assert candidate_from_fields({**GOOD, "birth_postal_code": 1000}, today=TODAY).birth_postal_code == "01000"


def test_a_formula_like_name_is_kept_as_text():
    assert candidate_from_fields({**GOOD, "last_name": "=1+1"}, today=TODAY).last_name == "=1+1"


def test_the_same_person_ignores_case_accents_and_spaces():
    one = candidate_from_fields(GOOD, today=TODAY)
    same = candidate_from_fields({**GOOD, "last_name": "MARTIN", "first_name": "elodie ", "email": "o@x.fr"},
                                 today=TODAY)
    other = candidate_from_fields({**GOOD, "birth_date": "05/05/2001"}, today=TODAY)
    assert duplicates_within([one, other, same]) == {2: 0}
    assert already_listed([other, same], [one]) == [1]
    with pytest.raises(CandidateAlreadyListed):
        ensure_not_listed(same, [other, one])
    ensure_not_listed(other, [one])


def sheet(*rows):
    return list(enumerate(rows, start=1))


HEADER = ["Nom de naissance", "Prénom", "Sexe (M ou F)", "Date de naissance (jj/mm/aaaa)", "Commune de naissance",
          "Code postal de naissance", "Pays de naissance", "E-mail du candidat", "Tarification"]
ROW = ["Martin", "Élodie", "F", "04/05/2001", "Lyon", "69001", "France", "e@x.fr", "Payante"]


def rejected(rows, **kwargs):
    with pytest.raises(CandidateImportRejected) as refused:
        candidates_from_rows(rows, today=TODAY, **kwargs)
    return refused.value.details["problems"]


def test_rows_become_candidates_with_headers_matched_loosely():
    header = ["NOM DE NAISSANCE", "prenom", "sexe", "date de naissance", "commune de naissance",
              "code postal de naissance (autre)", "pays_de_naissance", "email", "billing_mode", "Autre"]
    [candidate] = candidates_from_rows(sheet(header, ROW + ["ignored"]), today=TODAY)
    assert candidate.billing_mode == "paid"


def test_every_bad_line_is_reported_with_its_line_and_nothing_is_returned():
    rows = sheet(HEADER, ROW, [], ROW[:2] + ["Z"] + ROW[3:], ["Durand"] + ROW[1:7] + ["bad"] + ROW[8:])
    assert rejected(rows) == [{"line": 4, "field": "sex", "code": "UNKNOWN_VALUE"},
                              {"line": 5, "field": "email", "code": "INVALID_FORMAT"}]


def test_duplicates_inside_the_file_and_against_the_list_are_reported_per_line():
    rows = sheet(HEADER, ROW, ["Dupont"] + ROW[1:], ["martin "] + ROW[1:])
    assert rejected(rows) == [{"line": 4, "field": "last_name", "code": "DUPLICATE", "first_line": 2}]
    existing = candidates_from_rows(sheet(HEADER, ["Dupont"] + ROW[1:]), today=TODAY)
    assert rejected(sheet(HEADER, ROW, ["Dupont"] + ROW[1:]), existing=existing) == [
        {"line": 3, "field": "last_name", "code": "ALREADY_LISTED"}]


def test_missing_and_repeated_columns_are_reported_on_the_header_line():
    problems = rejected(sheet(HEADER[:7] + ["Prénom"], ROW))
    assert problems == [{"line": 1, "field": "first_name", "code": "DUPLICATE_COLUMN"},
                        {"line": 1, "field": "email", "code": "MISSING_COLUMN"},
                        {"line": 1, "field": "billing_mode", "code": "MISSING_COLUMN"}]


def test_an_empty_sheet_and_a_header_alone_are_empty():
    for rows in (sheet(), sheet([None, ""]), sheet(HEADER, [])):
        with pytest.raises(EmptyCandidateFile):
            candidates_from_rows(rows, today=TODAY)


def test_more_lines_than_a_list_holds_are_refused():
    rows = sheet(HEADER, *([f"N{i}"] + ROW[1:] for i in range(1001)))
    with pytest.raises(TooManyCandidateRows):
        candidates_from_rows(rows, today=TODAY)
    assert len(candidates_from_rows(rows[:1001], today=TODAY)) == 1000
