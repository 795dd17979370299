"""Adaptive positioning (docs/domain.md §4) on worked examples computed by hand."""
import math

import pytest
from pix_assessment.domain import algorithm
from pix_assessment.domain.knowledge import DIRECT, INFERRED, INVALIDATED, VALIDATED, KnowledgeElement, produced_by

from .synthetic import challenge_for, skills


def ke(skill, status, source=DIRECT):
    return KnowledgeElement(skill, status, source, "a1", "2025-03-01T09:30:00.000000Z")


def test_probability_is_the_logistic_of_level_minus_difficulty():
    assert algorithm.probability(3, 3) == 0.5
    assert math.isclose(algorithm.probability(3, 2), 1 / (1 + math.exp(-1)))


def test_level_estimate_on_a_hand_computed_case():
    # Success at 2, failure at 4, plus the virtual success at 0 and failure at 7:
    # Σ outcomes = 2; Σ P at 3.0 = .731 + .269 + .953 + .018 = 1.971 → gap .029, the smallest
    # (2.5 gives 1.739 → .261; 3.5 gives 2.196 → .196).
    tube = {s.name: s for s in skills("t", range(1, 7))}
    knowledge = {"@t2": ke("@t2", VALIDATED), "@t4": ke("@t4", INVALIDATED)}
    assert algorithm.estimated_level(tube, knowledge) == 3.0


def test_inferred_elements_do_not_move_the_estimate():
    tube = {s.name: s for s in skills("t", range(1, 7))}
    direct = {"@t2": ke("@t2", VALIDATED)}
    with_inferred = {**direct, "@t1": ke("@t1", VALIDATED, INFERRED)}
    assert algorithm.estimated_level(tube, direct) == algorithm.estimated_level(tube, with_inferred)


def test_reward_on_a_hand_computed_case():
    # Tube t, levels 1..5 all untested, estimate 2.0:
    # @t3: P = .269; 3 easier-or-equal, 3 harder-or-equal → .269·3 + .731·3 = 3
    # @t2: P = .5;   2 easier-or-equal, 4 harder-or-equal → 1 + 2 = 3
    # @t1: P = .731; 1 and 5 → 2.076;  @t4: P = .119; 4 and 2 → 2.238
    tube = skills("t", range(1, 6))
    rewards = {s.name: algorithm.reward(s, 2.0, tube, {}) for s in tube}
    assert math.isclose(rewards["@t3"], 3.0) and math.isclose(rewards["@t2"], 3.0)
    assert math.isclose(rewards["@t1"], 0.7311 + 5 * 0.2689, rel_tol=1e-3)
    assert math.isclose(rewards["@t4"], 4 * 0.1192 + 2 * 0.8808, rel_tol=1e-3)


def situation(all_skills, knowledge=None, answered=(), last_was_timed=False, timed=()):
    challenges = [challenge_for(s, timer=30 if s.name in timed else None) for s in all_skills]
    return algorithm.Situation("a1", all_skills, challenges, knowledge or {}, frozenset(answered),
                               last_was_timed=last_was_timed)


def test_first_challenge_prefers_easy_tubes_at_difficulty_2_and_untimed():
    easy, hard = skills("facile", (1, 2, 3)), skills("dur", range(1, 7))
    first = algorithm.next_challenge(situation(easy + hard))
    assert first.skill == "@facile2"
    timed = algorithm.next_challenge(situation(easy + hard, timed=("@facile2",)))
    assert timed.skill in ("@facile1", "@facile3") and not timed.is_timed
    assert timed.skill == "@facile1"  # no untimed 2: the lowest available


def test_a_first_challenge_with_only_timed_ones_left_is_timed_rather_than_none():
    # An improvement whose failures to ask again are all timed must still open (docs/domain.md §4).
    tube = skills("t", (1, 2, 3))
    only_timed = situation(tube, timed=("@t1", "@t2", "@t3"))
    first = algorithm.next_challenge(only_timed)
    assert first is not None and first.is_timed and first.skill == "@t2"


def test_too_difficult_skills_are_dropped_and_best_reward_kept():
    tube = skills("t", range(1, 8))
    knowledge = {"@t1": ke("@t1", VALIDATED)}
    candidates, level = algorithm.candidate_skills(situation(tube, knowledge, answered=("t1-a",)))
    assert all(s.level - level <= 2 for s in candidates)
    assert candidates  # something is left to ask


def test_never_two_timed_in_a_row():
    tube = skills("t", range(1, 4))
    after_timed = situation(tube, {"@t1": ke("@t1", VALIDATED)}, answered=("t1-a",), last_was_timed=True,
                            timed=("@t2", "@t3"))
    assert algorithm.next_challenge(after_timed) is None  # only timed ones remain: the test stops


def test_the_pick_is_deterministic_from_the_assessment_id():
    tube = skills("t", range(1, 6))
    first = [algorithm.next_challenge(situation(tube)).id for _ in range(3)]
    assert len(set(first)) == 1


def test_stop_when_every_skill_is_known():
    tube = skills("t", (1, 2, 3))
    knowledge = {s.name: ke(s.name, VALIDATED) for s in tube}
    assert algorithm.next_challenge(situation(tube, knowledge, answered=("t3-a",))) is None


def test_a_success_on_level_4_validates_levels_1_to_3_of_its_tube():
    tube = skills("t", range(1, 7))
    produced = produced_by(tube[3], True, tube, {}, "a1", "2025-03-01T09:30:00.000000Z")
    assert [(k.skill, k.status, k.source) for k in produced] == [
        ("@t4", VALIDATED, DIRECT), ("@t1", VALIDATED, INFERRED), ("@t2", VALIDATED, INFERRED),
        ("@t3", VALIDATED, INFERRED)]


def test_a_failure_invalidates_the_harder_ones_and_a_skip_is_a_failure():
    tube = skills("t", range(1, 7))
    produced = produced_by(tube[2], False, tube, {"@t5": ke("@t5", VALIDATED)}, "a1", "x")
    assert [(k.skill, k.status) for k in produced] == [("@t3", INVALIDATED), ("@t4", INVALIDATED),
                                                       ("@t6", INVALIDATED)]  # @t5 already known


@pytest.mark.parametrize("status", ["aband", "ko", "timedout"])
def test_statuses_other_than_ok_are_failures(status):
    from pix_assessment.domain.knowledge import SUCCESS_STATUSES
    assert status not in SUCCESS_STATUSES
