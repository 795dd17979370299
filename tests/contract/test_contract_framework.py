"""The framework's facts in pix_contracts agree with each other and with docs/domain.md §2:
every competence and area has its French and English title, and nothing else does."""
from pathlib import Path

from pix_contracts.framework import AREA_CODES, AREA_TITLES, COMPETENCE_CODES, COMPETENCE_TITLES

DOMAIN = Path(__file__).resolve().parents[2] / "docs" / "domain.md"


def test_every_code_has_a_french_and_an_english_title_and_no_other_code_has_one():
    assert tuple(COMPETENCE_TITLES) == COMPETENCE_CODES
    assert tuple(AREA_TITLES) == AREA_CODES
    for french, english in [*COMPETENCE_TITLES.values(), *AREA_TITLES.values()]:
        assert french.strip() and english.strip() and french != english


def test_the_french_titles_are_those_of_the_domain_rules():
    table = DOMAIN.read_text(encoding="utf-8")
    for code, (french, _) in {**AREA_TITLES, **COMPETENCE_TITLES}.items():
        assert f"| {code} | {french} |" in table, code
