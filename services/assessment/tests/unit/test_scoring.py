"""Scoring (docs/domain.md §5) on a competence with known skill counts per level."""
import pytest
from pix_assessment.domain import scoring

from .synthetic import skills

# Level 1: 3 skills (8/3 pix each); level 2: 2 skills (4 each); level 3: 1 skill (8, capped at 4).
COMPETENCE = skills("a", (1, 2, 3)) + skills("b", (1, 2)) + skills("c", (1,))


def test_pix_per_skill_is_8_over_the_skills_of_its_level_capped_at_4():
    by = {s.name: s for s in COMPETENCE}
    assert scoring.pix_of_skill(by["@a1"], COMPETENCE) == pytest.approx(8 / 3)
    assert scoring.pix_of_skill(by["@a2"], COMPETENCE) == 4
    assert scoring.pix_of_skill(by["@a3"], COMPETENCE) == 4


def test_competence_pix_level_and_progress():
    everything = scoring.score([s.name for s in COMPETENCE], COMPETENCE)
    assert everything == scoring.Score(pix=20, level=2, progress=4)  # 8 + 8 + 4
    two_of_three = scoring.score(["@a1", "@b1", "@a2", "@b2", "@a3"], COMPETENCE)
    assert two_of_three == scoring.Score(pix=17, level=2, progress=1)  # floor(5.33 + 8 + 4)


def test_the_maximum_level_caps_pix_and_level():
    many = skills("m", range(1, 9)) + skills("n", range(1, 9))
    assert scoring.score([s.name for s in many], many, max_level=5) == scoring.Score(40, 5, 0)
    assert scoring.score([s.name for s in many], many, max_level=8) == scoring.Score(64, 8, 0)
    with pytest.raises(ValueError):
        scoring.score([], many, max_level=9)
