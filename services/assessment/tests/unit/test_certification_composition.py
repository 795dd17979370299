from pix_assessment.domain.certification_composition import compose
from pix_assessment.domain.content import Bank, Challenge, Competence, Skill
from pix_assessment.domain.knowledge import DIRECT, INFERRED, INVALIDATED, VALIDATED, KnowledgeElement


def make_bank(competences: int = 1, levels=(1, 2, 3, 4, 5), per_skill: int = 2,
              archived=frozenset()) -> Bank:
    comps, skills, challenges = [], [], []
    for n in range(competences):
        code = f"{n // 4 + 1}.{n % 4 + 1}"
        comps.append(Competence(code, code[0], "t", "t"))
        for level in levels:
            name = f"@t{n}x{level}"
            skills.append(Skill(name, f"@t{n}x", level, code))
            for k in range(per_skill):
                cid = f"rec{n}_{level}_{k}"
                challenges.append(Challenge(cid, name, "QCU", "?", None, competence_code=code, level=level,
                                            status="archived" if cid in archived else "validated"))
    return Bank("v", (), tuple(comps), (), tuple(skills), tuple(challenges))


def knows(bank: Bank, status=VALIDATED, only=None) -> dict[str, KnowledgeElement]:
    return {s.name: KnowledgeElement(s.name, status, DIRECT, "a1", "2026-01-01T00:00:00Z")
            for s in bank.skills if only is None or s.level in only}


def test_hardest_validated_skills_first_three_per_competence():
    bank = make_bank()
    knowledge = knows(bank, only={1, 2, 3, 4})
    knowledge["@t0x5"] = KnowledgeElement("@t0x5", INVALIDATED, DIRECT, "a1", "2026-01-01T00:00:00Z")
    test = compose(bank, {"1.1": 4}, knowledge, frozenset(), "seed")
    assert [q.skill for q in test] == ["@t0x4", "@t0x3", "@t0x2"]
    assert all(bank.challenge_by_id[q.challenge_id].skill == q.skill for q in test)


def test_inferred_validations_count_too():
    bank = make_bank()
    knowledge = {"@t0x3": KnowledgeElement("@t0x3", VALIDATED, INFERRED, "a1", "t")}
    assert [q.skill for q in compose(bank, {"1.1": 1}, knowledge, frozenset(), "s")] == ["@t0x3"]


def test_unseen_challenges_first_and_a_seen_one_when_nothing_else():
    bank = make_bank(levels=(1, 2, 3))
    seen = frozenset({"rec0_3_0", "rec0_3_1", "rec0_2_0"})
    test = compose(bank, {"1.1": 2}, knows(bank), seen, "seed")
    by_skill = {q.skill: q.challenge_id for q in test}
    assert by_skill["@t0x2"] == "rec0_2_1"  # the unseen one, whatever the seed
    assert by_skill["@t0x3"] in seen  # only seen ones: still asked
    assert len(test) == 3


def test_only_validated_challenges_and_easier_skills_fill_in():
    bank = make_bank(levels=(1, 2, 3, 4), per_skill=1, archived=frozenset({"rec0_4_0"}))
    test = compose(bank, {"1.1": 4}, knows(bank), frozenset(), "seed")
    assert [q.skill for q in test] == ["@t0x3", "@t0x2", "@t0x1"]


def test_fewer_questions_when_too_few_validated_skills():
    bank = make_bank()
    test = compose(bank, {"1.1": 2}, knows(bank, only={1, 2}), frozenset(), "seed")
    assert [q.skill for q in test] == ["@t0x2", "@t0x1"]


def test_only_certifiable_competences_and_at_most_48():
    bank = make_bank(competences=16)
    levels = {c.code: 3 for c in bank.competences}
    full = compose(bank, levels, knows(bank), frozenset(), "seed")
    assert len(full) == 48 and len({q.challenge_id for q in full}) == 48
    assert all(sum(q.competence_code == c.code for q in full) == 3 for c in bank.competences)
    levels["1.1"], levels["1.2"] = 0, 0
    fewer = compose(bank, levels, knows(bank), frozenset(), "seed")
    assert len(fewer) == 42 and not {q.competence_code for q in fewer} & {"1.1", "1.2"}


def test_deterministic_given_a_seed():
    bank = make_bank(competences=3, per_skill=4)
    levels = {c.code: 5 for c in bank.competences}
    once = compose(bank, levels, knows(bank), frozenset(), "seed-1")
    assert once == compose(bank, levels, knows(bank), frozenset(), "seed-1")
    others = {compose(bank, levels, knows(bank), frozenset(), f"seed-{n}") for n in range(2, 8)}
    assert any(test != once for test in others)
