from itertools import count

import pytest
from pix_certification.domain.errors import AnswerOutsideTest
from pix_certification.domain.scoring import CERTIFIED, LEVEL_MINUS_ONE, NOT_CERTIFIED, CertificationAnswer, score

_ids = count()


def answers(code: str, *statuses: str, neutralized: tuple[int, ...] = ()) -> list[CertificationAnswer]:
    return [CertificationAnswer(f"rec{next(_ids)}", code, status, i in neutralized)
            for i, status in enumerate(statuses)]


def filler(correct: int, wrong: int) -> tuple[dict[str, int], list[CertificationAnswer]]:
    """Competences of 3 answers each (the last may be shorter) to set the overall rate."""
    statuses = ["ok"] * correct + ["ko"] * wrong
    levels, out = {}, []
    for n, start in enumerate(range(0, len(statuses), 3)):
        code = f"f{n:03d}"
        levels[code] = 3
        out += answers(code, *statuses[start:start + 3])
    return levels, out


def result(s, code):
    return next(c for c in s.competences if c.competence_code == code)


@pytest.mark.parametrize(("correct", "below"), [(49, True), (50, False)])
def test_fifty_percent_is_the_minimum_rate(correct, below):
    # 3 of 3 on the competence judged, the filler brings the whole test to correct/100.
    levels, given = filler(correct - 3, 100 - correct)
    levels["1.1"] = 4
    given += answers("1.1", "ok", "ok", "ok")
    s = score(levels, given)
    assert s.rate_percent == correct and s.counted == 100
    assert s.rate_below_minimum is below
    if below:
        assert s.pix == 0 and all(c.outcome == NOT_CERTIFIED for c in s.competences)
    else:
        assert result(s, "1.1").certified_level == 4


def test_forty_nine_and_fifty_percent_exactly():
    for correct, below in ((49, True), (50, False)):
        levels, given = filler(correct, 100 - correct)
        s = score(levels, given)
        assert s.rate_percent == correct and s.counted == 100
        assert s.rate_below_minimum is below
        assert (s.pix == 0) is below


@pytest.mark.parametrize(("correct", "outcome", "level"), [(79, LEVEL_MINUS_ONE, 4), (80, CERTIFIED, 5)])
def test_two_correct_out_of_three_depends_on_eighty_percent(correct, outcome, level):
    # The filler gives correct-2 right out of 97, then 2 of 3 on the competence judged: 100 in all.
    levels, given = filler(correct - 2, 97 - (correct - 2))
    levels["2.1"] = 5
    given += answers("2.1", "ok", "ko", "ok")
    s = score(levels, given)
    assert s.rate_percent == correct
    judged = result(s, "2.1")
    assert (judged.correct, judged.outcome, judged.certified_level) == (2, outcome, level)


def high_rate(code: str, level: int, *statuses: str, neutralized: tuple[int, ...] = (),
              correct_elsewhere: int = 30):
    levels = {code: level, "other": 8}
    given = answers(code, *statuses, neutralized=neutralized) + answers("other", *["ok"] * correct_elsewhere)
    return score(levels, given)


@pytest.mark.parametrize(("statuses", "outcome", "level"), [
    (("ok", "ko", "aband"), NOT_CERTIFIED, 0),
    (("ok", "timedout", "ok"), CERTIFIED, 3),
    (("ok", "ok", "ok"), CERTIFIED, 3),
    (("ko", "focusedOut", "ko"), NOT_CERTIFIED, 0)])
def test_one_two_three_correct_at_a_high_rate(statuses, outcome, level):
    judged = result(high_rate("3.1", 3, *statuses), "3.1")
    assert (judged.outcome, judged.certified_level, judged.certified_pix) == (outcome, level, level * 8)


def test_only_ok_counts_as_correct():
    s = score({"1.1": 2}, answers("1.1", "ok", "ko", "aband", "timedout", "focusedOut", "ok"))
    assert s.correct == 2 and s.answers == 6


def test_three_correct_at_a_low_rate_still_certifies_the_level():
    levels, given = filler(60, 37)  # about 61 %
    levels["4.1"] = 2
    given += answers("4.1", "ok", "ok", "ok")
    s = score(levels, given)
    assert 50 <= s.rate_percent < 80 and result(s, "4.1").certified_level == 2


def test_level_one_minus_one_is_not_certified():
    levels, given = filler(40, 27)  # 2 of 3 below 80 %
    levels["5.1"] = 1
    given += answers("5.1", "ok", "ko", "ok")
    s = score(levels, given)
    assert s.rate_percent < 80
    judged = result(s, "5.1")
    assert (judged.outcome, judged.certified_level, judged.certified_pix) == (NOT_CERTIFIED, 0, 0)


def test_pix_is_eight_per_certified_level():
    s = score({"1.1": 3, "1.2": 5, "1.3": 2},
              answers("1.1", "ok", "ok", "ok") + answers("1.2", "ok", "ok", "ok") + answers("1.3", "ko", "ko", "ok"))
    assert s.pix == (3 + 5) * 8


def test_a_neutralized_correct_answer_stays_counted_and_a_wrong_one_is_taken_out():
    s = score({"1.1": 4}, answers("1.1", "ok", "ko", "ok", neutralized=(0, 1)))
    judged = result(s, "1.1")
    assert (s.counted, s.correct, s.neutralized, s.rate_percent) == (2, 2, 1, 100)
    assert (judged.answers, judged.neutralized, judged.correct) == (3, 1, 2)
    assert (judged.outcome, judged.certified_level) == (CERTIFIED, 4)


@pytest.mark.parametrize(("statuses", "neutralized", "correct_elsewhere", "outcome", "level"), [
    # one neutralized, 2 left: 2 correct → the level; 1 correct → level − 1 at ≥ 80 %, nothing below
    (("ok", "ok", "ko"), (2,), 30, CERTIFIED, 4),
    (("ok", "ko", "ko"), (2,), 30, LEVEL_MINUS_ONE, 3),
    (("ok", "ko", "ko"), (2,), 2, NOT_CERTIFIED, 0),
    # two neutralized, 1 left: correct → the level, missed → nothing
    (("ok", "ko", "ko"), (1, 2), 30, CERTIFIED, 4),
    (("ko", "ko", "ko"), (0, 1), 30, NOT_CERTIFIED, 0),
    # all neutralized: nothing shows the level
    (("ko", "aband", "ko"), (0, 1, 2), 30, NOT_CERTIFIED, 0)])
def test_a_competence_with_neutralized_questions(statuses, neutralized, correct_elsewhere, outcome, level):
    s = high_rate("6.1", 4, *statuses, neutralized=neutralized, correct_elsewhere=correct_elsewhere)
    judged = result(s, "6.1")
    assert judged.counted == 3 - len(neutralized)
    assert (judged.outcome, judged.certified_level) == (outcome, level)


def test_the_rate_excludes_neutralized_answers():
    s = score({"1.1": 2, "1.2": 2}, answers("1.1", "ok", "ko", "ko", neutralized=(1, 2))
              + answers("1.2", "ko", "ok", "ok", neutralized=(0,)))
    assert (s.answers, s.neutralized, s.counted, s.correct, s.rate_percent) == (6, 3, 3, 3, 100)


def test_nothing_counted_is_below_the_minimum():
    s = score({"1.1": 3}, answers("1.1", "ko", neutralized=(0,)))
    assert s.rate_below_minimum and s.rate_percent == 0 and s.pix == 0


def test_a_positioned_competence_without_answers_is_not_certified():
    s = score({"1.1": 3, "1.2": 3}, answers("1.1", "ok", "ok", "ok"))
    assert result(s, "1.2").outcome == NOT_CERTIFIED and result(s, "1.2").answers == 0
    assert s.pix == 24


def test_an_answer_outside_the_positioned_competences_is_refused():
    with pytest.raises(AnswerOutsideTest):
        score({"1.1": 3}, answers("9.9", "ok"))


def test_the_result_is_frozen_and_ordered():
    s = score({"2.1": 1, "1.1": 1}, answers("2.1", "ok") + answers("1.1", "ok"))
    assert [c.competence_code for c in s.competences] == ["1.1", "2.1"]
    with pytest.raises(AttributeError):
        s.pix = 1000
