import pytest
from pix_certification.domain import incidents as i
from pix_certification.domain.errors import IncidentChallengeRequired, UnknownIncidentCategory

IN_CHALLENGE = sorted(i.IN_CHALLENGE_CATEGORIES)
OUTSIDE = sorted(i.CATEGORIES - i.IN_CHALLENGE_CATEGORIES)


def test_the_ten_categories_of_the_rules():
    assert len(i.CATEGORIES) == 10 and len(IN_CHALLENGE) == 6
    assert all(c == c.lower() and " " not in c for c in i.CATEGORIES)


@pytest.mark.parametrize("category", IN_CHALLENGE)
@pytest.mark.parametrize("status", ["ko", "aband", "timedout", "focusedOut", None])
def test_an_in_challenge_problem_neutralizes_a_wrong_or_skipped_answer(category, status):
    assert i.neutralizes(category, status)


@pytest.mark.parametrize("category", IN_CHALLENGE)
def test_never_a_correct_answer(category):
    assert not i.neutralizes(category, "ok")


@pytest.mark.parametrize("category", OUTSIDE)
def test_other_categories_neutralize_nothing(category):
    assert not i.neutralizes(category, "ko")


def test_neutralized_challenges_of_a_session():
    reports = [i.incident_report(i.IMAGE_NOT_DISPLAYING, "recA"),
               i.incident_report(i.SITE_BLOCKED, "recB"),
               i.incident_report(i.FILE_NOT_OPENING, "recC"),
               i.incident_report(i.ACCESSIBILITY, "recZ"),  # not asked in this test
               i.incident_report(i.FRAUD)]
    statuses = {"recA": "ko", "recB": "ok", "recC": None, "recD": "ko"}
    assert i.neutralized_challenges(reports, statuses) == {"recA", "recC"}


def test_a_report_is_checked():
    with pytest.raises(UnknownIncidentCategory):
        i.incident_report("earthquake")
    with pytest.raises(IncidentChallengeRequired):
        i.incident_report(i.EXTRA_TIME_EXCEEDED)
    assert i.incident_report(i.SIGNATURE_ISSUE, "recA").challenge_id is None
