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
from datetime import timedelta

import pytest
from hypothesis import event, given, settings
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


# --- Sequences of tests on one competence: answers, "Retenter", resets, days going by --------
#
# Through the real handlers (bootstrap over an in-memory store): the engine's rules, not a
# copy of them. After every step, the stored state is checked directly, so that the repair
# of a stuck run when it is read (handlers.engine.settled) cannot hide one being made.

_ANSWER = st.tuples(st.just("answer"), st.sampled_from(OUTCOMES))
ACTION = st.one_of(
    _ANSWER, _ANSWER, _ANSWER, _ANSWER,  # a test takes answers: most steps are one
    st.tuples(st.just("wait"), st.integers(0, 9 * 24)),  # hours: past timers, 4 days, 7 days
    st.tuples(st.just("improve"), st.none()),
    st.tuples(st.just("start"), st.none()),
    st.tuples(st.just("reset"), st.none()),
)
SEQUENCES = settings(max_examples=60, deadline=None)
USER = "3f2b8c1e-6d4a-4f1b-9a7e-2c5d8e0f1a23"


class Person:
    """One person on one competence, through the handlers, with their own clock."""

    def __init__(self, code: str, bank=BANK, db=None, ids=None) -> None:
        from pix_assessment.bootstrap import bootstrap
        from pixkit.testing import Clock, FakeDatabase, unit_settings

        self.code, self.clock, self.db = code, Clock(), db or FakeDatabase()
        self.ids = ids or iter(f"00000000-0000-4000-8000-{n:012d}" for n in range(1, 10_000))
        self.service = bootstrap(unit_settings("assessment"), self.db, bank=bank, clock=self.clock,
                                 new_id=lambda: next(self.ids), env={})
        self.current = None  # the last Progress a command gave

    @property
    def engine(self):
        return self.service.engine

    def stored(self):
        return self.engine.evaluations.load(USER, self.code)[1]

    def listed(self):
        from pix_assessment.handlers.queries import ReadCompetences
        return next(s for s in self.service.execute(ReadCompetences(USER)) if s.code == self.code)

    def do(self, action: str, arg) -> None:
        from pix_assessment.domain import commands
        from pix_assessment.domain.errors import (
            AlreadyEvaluated,
            AssessmentAlreadyCompleted,
            NothingToAsk,
            ResetTooEarly,
        )
        from pixkit.errors import DomainError

        if action == "wait":
            self.clock.advance(hours=arg)
        elif action == "answer":
            progress = self.current
            if progress is None or progress.challenge is None:
                return
            try:
                self.current = self.service.execute(self._answer(progress, arg))
            except AssessmentAlreadyCompleted:  # a reset ended it meanwhile
                self.current = None
        elif action == "improve":
            before = self.listed()
            try:
                self.current = self.service.execute(commands.ImproveCompetence(USER, self.code))
            except DomainError as refusal:
                # The listing said so first, with the same reason.
                assert before.improve_refusal is not None and before.improve_refusal.code == refusal.code
                self._check_the_day_it_says(refusal)
                event(f"improve refused: {refusal.code}")
                return
            assert before.can_improve or before.assessment_id == self.current.run.id
            event("improvement opened" if self.current.created else "improve resumed")
        elif action == "start":
            try:
                self.current = self.service.execute(commands.StartAssessment(USER, self.code))
            except (AlreadyEvaluated, NothingToAsk):  # the bank may have nothing left
                return
        elif action == "reset":
            try:
                self.service.execute(commands.ResetCompetence(USER, self.code))
                self.current = None
                event("reset")
            except ResetTooEarly:
                return
        if self.current is not None and self.current.created:  # a test never opens empty
            assert self.current.challenge is not None, f"{action} opened a test with nothing to ask"

    def _answer(self, progress, outcome: str):
        from pix_assessment.domain import commands
        from pix_assessment.entrypoints.views import challenge_view

        from .answering import right_answer, wrong_answer

        challenge = progress.challenge
        if outcome == "aband":
            return commands.AnswerChallenge(USER, progress.run.id, challenge.id, skipped=True)
        shown = challenge_view(challenge, "fr", progress.run.id)["proposals"]
        answer = right_answer(challenge, shown) if outcome == "ok" else wrong_answer(challenge, shown)
        return commands.AnswerChallenge(USER, progress.run.id, challenge.id, answer)

    def _check_the_day_it_says(self, refusal) -> None:
        """An IMPROVE_TOO_EARLY's date is right: "Retenter" can open then, not a moment before."""
        from pix_assessment.domain import opening
        from pix_assessment.domain.evaluation import parse_iso

        if refusal.code != "IMPROVE_TOO_EARLY":
            return
        at, evaluation = parse_iso(refusal.details["availableAt"]), self.stored()
        assert opening.improvement_refusal(self.engine.bank, evaluation, at, self.engine.max_level) is None
        assert opening.improvement_refusal(self.engine.bank, evaluation, at - timedelta(microseconds=1),
                                           self.engine.max_level) is not None

    def check_no_dead_end(self) -> None:
        """An open test has a next challenge, in the store and in what the last command gave."""
        from pix_assessment.domain import asking

        evaluation = self.stored()
        if evaluation.current:
            run = evaluation.runs[evaluation.current]
            assert asking.next_question(self.engine.bank, evaluation, run) is not None, "open with nothing to ask"
        if self.current is not None:
            assert self.current.run.completed or self.current.challenge is not None


@SEQUENCES
@given(code=competences, actions=st.lists(ACTION, min_size=25, max_size=60))
def test_any_sequence_of_tests_improvements_and_resets_never_leaves_a_test_open_with_nothing_to_ask(code, actions):
    person = Person(code)
    for action, arg in [("start", None), *actions]:
        person.do(action, arg)
        person.check_no_dead_end()


@SEQUENCES
@given(code=competences, actions=st.lists(ACTION, min_size=10, max_size=30), data=st.data())
def test_a_bank_change_mid_test_never_leaves_a_test_that_cannot_go_on(code, actions, data):
    """After the bank archives some of the competence's challenges, a run that has nothing left
    ends the first time it is looked at: what the person sees is a next challenge or an end."""
    from dataclasses import replace as changed

    from pix_assessment.handlers.queries import ReadAssessment

    person = Person(code)
    for action, arg in actions:
        person.do(action, arg)
    ids = [c.id for c in BANK.challenges_of(code)]
    archived = set(data.draw(st.lists(st.sampled_from(ids), unique=True), label="archived"))
    bank = changed(BANK, challenges=tuple(changed(c, status="archived") if c.id in archived else c
                                          for c in BANK.challenges))
    person = Person(code, bank=bank, db=person.db, ids=person.ids)
    opened = person.stored().current
    if opened:
        read = person.service.execute(ReadAssessment(USER, opened))
        assert read.run.completed or read.challenge is not None
    for action, arg in data.draw(st.lists(ACTION, max_size=20), label="after the change"):
        if action == "answer" and person.current is None and person.stored().current:
            person.current = person.service.execute(ReadAssessment(USER, person.stored().current))
        person.do(action, arg)
        person.check_no_dead_end()
