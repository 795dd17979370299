from pix_certification.domain.eligibility import eligibility


def test_five_competences_at_level_one_or_more_are_eligible():
    e = eligibility({"1.1": 1, "1.2": 2, "2.1": 5, "3.1": 1, "4.2": 3, "5.1": 0})
    assert e.eligible and e.missing == 0
    assert e.certifiable_competences == ("1.1", "1.2", "2.1", "3.1", "4.2")


def test_four_are_one_short_and_level_zero_does_not_count():
    e = eligibility({"1.1": 1, "1.2": 2, "2.1": 5, "3.1": 1, "4.2": 0, "5.1": 0})
    assert not e.eligible and e.missing == 1 and len(e.certifiable_competences) == 4


def test_an_empty_profile_misses_five():
    e = eligibility({})
    assert not e.eligible and e.missing == 5 and e.certifiable_competences == ()
