"""Adaptive positioning (docs/domain.md §4) as properties, over the real bank.

Hypothesis picks a competence, an assessment id and the person's outcome at every turn
(ok / ko / aband); `play` drives the pure domain functions the way
handlers.answering.answer_challenge does: situation → next_challenge → outcome → produced_by (with
the skill's tube) → knowledge, answered and last_was_timed updated, until next_challenge
says the test is over.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pix_assessment.domain import algorithm, scoring
from pix_assessment.domain.content import Challenge, load_bank
from pix_assessment.domain.knowledge import (
    DIRECT,
    INVALIDATED,
    SUCCESS_STATUSES,
    VALIDATED,
    KnowledgeElement,
    produced_by,
)

BANK = load_bank()
CODES = [c.code for c in BANK.competences]
OUTCOMES = ("ok", "ko", "aband")
AT = "2025-03-01T09:30:00.000000Z"

PROPERTIES = settings(max_examples=200, deadline=None)

competences = st.sampled_from(CODES)
assessment_ids = st.uuids().map(str)


@dataclass
class Game:
    code: str
    assessment_id: str
    asked: list[Challenge] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    knowledge: dict[str, KnowledgeElement] = field(default_factory=dict)
    final: algorithm.Situation | None = None  # the situation in which next_challenge said "over"

    @property
    def stored(self) -> list[tuple[str, str]]:
        return [(c.id, status) for c, status in zip(self.asked, self.statuses, strict=True)]


def situation_of(game: Game) -> algorithm.Situation:
    """handlers.engine.situation on a first positioning run (nothing seen in earlier runs)."""
    return algorithm.Situation(
        assessment_id=game.assessment_id, skills=BANK.skills_of(game.code),
        challenges=BANK.challenges_of(game.code), knowledge=dict(game.knowledge),
        answered=frozenset(c.id for c in game.asked),
        last_was_timed=bool(game.asked and game.asked[-1].is_timed))


def record(game: Game, challenge: Challenge, status: str) -> None:
    """handlers.answering.answer_challenge + evaluation.apply: the answer and the elements it produces."""
    skill = BANK.skill_by_name[challenge.skill]
    tube = [s for s in BANK.skills_of(skill.competence_code) if s.tube == skill.tube]
    for ke in produced_by(skill, status in SUCCESS_STATUSES, tube, game.knowledge, game.assessment_id, AT):
        game.knowledge[ke.skill] = ke
    game.asked.append(challenge)
    game.statuses.append(status)


def play(code: str, assessment_id: str, answer: Callable[[int, Challenge], str]) -> Game:
    game = Game(code, assessment_id)
    bound = len(BANK.challenges_of(code))
    while True:
        current = situation_of(game)
        challenge = algorithm.next_challenge(current)
        if challenge is None:
            game.final = current
            return game
        assert len(game.asked) < bound, f"{code}: still asking after {bound} answers"
        record(game, challenge, answer(len(game.asked), challenge))


def drawn(data) -> Callable[[int, Challenge], str]:
    return lambda turn, challenge: data.draw(st.sampled_from(OUTCOMES), label=f"turn {turn} ({challenge.skill})")


def replayed(statuses: list[str]) -> Callable[[int, Challenge], str]:
    return lambda turn, _challenge: statuses[turn]


def resumed(code: str, assessment_id: str, stored: list[tuple[str, str]]) -> Game:
    """The state rebuilt from stored answers alone, as a reload of the stream does."""
    game = Game(code, assessment_id)
    for challenge_id, status in stored:
        record(game, BANK.challenge_by_id[challenge_id], status)
    return game


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_never_asks_a_challenge_twice(code, assessment_id, data):
    game = play(code, assessment_id, drawn(data))
    ids = [c.id for c in game.asked]
    assert len(ids) == len(set(ids))
    assert all(c.competence_code == code and c.status == "validated" for c in game.asked)


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_never_asks_a_skill_that_already_has_a_knowledge_element(code, assessment_id, data):
    game, answer = Game(code, assessment_id), drawn(data)
    while (challenge := algorithm.next_challenge(situation_of(game))) is not None:
        assert challenge.skill not in game.knowledge, f"turn {len(game.asked)}: {challenge.skill} already known"
        record(game, challenge, answer(len(game.asked), challenge))
    # One direct element per answer, on the skill asked, with the answer's outcome.
    direct = {k: ke for k, ke in game.knowledge.items() if ke.source == DIRECT}
    assert sorted(direct) == sorted(c.skill for c in game.asked)
    for challenge, status in zip(game.asked, game.statuses, strict=True):
        assert direct[challenge.skill].status == (VALIDATED if status == "ok" else INVALIDATED)


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_always_terminates_within_the_competence_s_challenges(code, assessment_id, data):
    game = play(code, assessment_id, drawn(data))  # play fails if it runs past the bound
    skills_with_challenges = {c.skill for c in BANK.challenges_of(code)}
    assert 1 <= len(game.asked) <= len(skills_with_challenges) <= len(BANK.challenges_of(code))


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_final_knowledge_is_consistent_per_tube(code, assessment_id, data):
    game = play(code, assessment_id, drawn(data))
    by_name = BANK.skill_by_name
    for tube in {s.tube for s in BANK.skills_of(code)}:
        levels = {status: [by_name[k].level for k, ke in game.knowledge.items()
                           if by_name[k].tube == tube and ke.status == status]
                  for status in (VALIDATED, INVALIDATED)}
        if levels[VALIDATED] and levels[INVALIDATED]:
            assert max(levels[VALIDATED]) < min(levels[INVALIDATED]), (tube, levels)


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_never_two_timed_challenges_in_a_row(code, assessment_id, data):
    game = play(code, assessment_id, drawn(data))
    timed = [c.is_timed for c in game.asked]
    assert not any(a and b for a, b in zip(timed, timed[1:], strict=False)), [c.id for c in game.asked]


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids)
def test_first_challenge_is_untimed_from_an_easy_tube_at_difficulty_2(code, assessment_id):
    first = algorithm.next_challenge(situation_of(Game(code, assessment_id)))
    assert first is not None and not first.is_timed
    skills = BANK.skills_of(code)
    easy = algorithm.easy_tubes(skills)
    untimed_easy = {BANK.skill_by_name[c.skill] for c in BANK.challenges_of(code)
                    if not c.is_timed and BANK.skill_by_name[c.skill].tube in easy}
    skill = BANK.skill_by_name[first.skill]
    if any(s.level == algorithm.FIRST_CHALLENGE_DIFFICULTY for s in untimed_easy):
        assert skill.tube in easy and skill.level == algorithm.FIRST_CHALLENGE_DIFFICULTY
    elif untimed_easy:
        assert skill.tube in easy and skill.level == min(s.level for s in untimed_easy)


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_same_assessment_and_outcomes_give_the_same_sequence(code, assessment_id, data):
    game = play(code, assessment_id, drawn(data))
    again = play(code, assessment_id, replayed(game.statuses))
    assert [c.id for c in again.asked] == [c.id for c in game.asked]
    assert again.knowledge == game.knowledge


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_a_resume_from_stored_answers_asks_what_the_run_would_have_asked(code, assessment_id, data):
    game = play(code, assessment_id, drawn(data))
    cut = data.draw(st.integers(0, len(game.asked)), label="answers stored before the resume")
    reloaded = resumed(code, assessment_id, game.stored[:cut])
    expected = game.asked[cut].id if cut < len(game.asked) else None
    asked = algorithm.next_challenge(situation_of(reloaded))
    assert (asked.id if asked else None) == expected
    finished = play_on(reloaded, replayed(game.statuses))
    assert [c.id for c in finished.asked] == [c.id for c in game.asked]


def play_on(game: Game, answer: Callable[[int, Challenge], str]) -> Game:
    while (challenge := algorithm.next_challenge(situation_of(game))) is not None:
        record(game, challenge, answer(len(game.asked), challenge))
    return game


@PROPERTIES
@given(code=competences, assessment_id=assessment_ids, data=st.data())
def test_stops_only_when_what_is_left_is_out_of_reach(code, assessment_id, data):
    """No reward > 0 left (docs/domain.md §4): every untested skill still playable is more than
    2 above the estimate (the reward of an untested skill is never 0)."""
    game = play(code, assessment_id, drawn(data))
    skills = BANK.skills_of(code)
    level = algorithm.estimated_level({s.name: s for s in skills}, game.knowledge)
    playable = algorithm.playable(game.final, avoid_timed=game.final.last_was_timed)
    for name in playable:
        assert BANK.skill_by_name[name].level - level > algorithm.TOO_DIFFICULT_GAP, (name, level)


@PROPERTIES
@given(code=competences, data=st.data())
def test_estimate_moves_with_the_evidence(code, data):
    """One more direct success never lowers the estimate; one more failure never raises it."""
    skills = list(BANK.skills_of(code))
    by_name = {s.name: s for s in skills}
    tested = data.draw(st.lists(st.sampled_from(skills), unique=True, max_size=len(skills) - 1), label="tested")
    knowledge = {s.name: KnowledgeElement(s.name, data.draw(st.sampled_from((VALIDATED, INVALIDATED))), DIRECT,
                                          "a1", AT) for s in tested}
    new = data.draw(st.sampled_from([s for s in skills if s.name not in knowledge]), label="new answer")
    before = algorithm.estimated_level(by_name, knowledge)
    assert before in algorithm.LEVELS
    success = {**knowledge, new.name: KnowledgeElement(new.name, VALIDATED, DIRECT, "a1", AT)}
    failure = {**knowledge, new.name: KnowledgeElement(new.name, INVALIDATED, DIRECT, "a1", AT)}
    assert algorithm.estimated_level(by_name, failure) <= before <= algorithm.estimated_level(by_name, success)
    # Every untested skill is worth asking: its own outcome counts on both sides.
    untested_in_tube = sum(1 for s in skills if s.tube == new.tube and s.name not in knowledge)
    assert 0 < algorithm.reward(new, before, skills, knowledge) <= untested_in_tube


@pytest.mark.parametrize("code", CODES)
def test_all_right_scores_the_whole_competence_and_all_wrong_scores_nothing(code):
    skills = BANK.skills_of(code)
    for status, pix in (("ok", sum(scoring.pix_of_skill(s, skills) for s in skills)), ("ko", 0), ("aband", 0)):
        game = play(code, "a1", lambda _turn, _challenge, status=status: status)
        validated = [k for k, ke in game.knowledge.items() if ke.status == VALIDATED]
        assert scoring.score(validated, skills, scoring.FRAMEWORK_MAX_LEVEL).pix == int(pix + 1e-9), status
