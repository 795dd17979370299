"""Answer checking (docs/domain.md §3): worked examples, one rule per test, then the whole bank."""
from __future__ import annotations

import json

import pytest
from pix_assessment.domain.answers import MalformedAnswer, is_correct, levenshtein, normalize, parse_answer
from pix_assessment.domain.content import Challenge, Field, load_bank
from pix_assessment.entrypoints.errors import ERRORS

NONE: frozenset[str] = frozenset()
T1 = frozenset({"t1"})
T2 = frozenset({"t2"})
T3 = frozenset({"t3"})
T12 = frozenset({"t1", "t2"})
T123 = frozenset({"t1", "t2", "t3"})


def challenge(kind: str, solution: object, *, tolerances: frozenset[str] = NONE, numeric: bool = False,
              proposals: int = 0, fields: tuple[str, ...] = ()) -> Challenge:
    return Challenge(
        id="test", skill="@test1", type=kind, instruction_fr="Consigne", instruction_en=None,
        proposals_fr=tuple(f"Proposition {n}" for n in range(1, proposals + 1)),
        fields=tuple(Field(name, name.capitalize(), name.capitalize()) for name in fields),
        solution=solution, numeric=numeric, tolerances=tolerances,
    )


def qroc(*variants: str, tolerances: frozenset[str] = NONE, numeric: bool = False) -> Challenge:
    return challenge("QROC", tuple(variants), tolerances=tolerances, numeric=numeric)


def check(c: Challenge, raw: object) -> bool:
    return is_correct(c, parse_answer(c, raw))


# --- normalize -------------------------------------------------------------------------------


def test_always_composes_to_nfc():
    assert normalize("e\u0301le\u0301phant", NONE) == "\u00e9l\u00e9phant"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_always_turns_no_break_spaces_into_spaces(space):
    assert normalize(f"Ctrl{space}+{space}V", NONE) == "Ctrl + V"


def test_without_tolerance_nothing_else_changes():
    assert normalize("  L'Éléphant ", NONE) == "  L'Éléphant "


def test_t1_trims_lowercases_strips_accents_and_whitespace():
    assert normalize("  Éléphant d'Afrique\t\n", T1) == "elephantd'afrique"


def test_t2_removes_every_character_but_letters_digits_and_spaces():
    # Punctuation (' , ! « »), the hyphen and symbols (+ < > € ⌘) alike; digits other than
    # decimal ones (½ ²) are not digits; a letter keeps its combining mark.
    assert normalize("« l'ordinateur, vite ! »", T2) == " lordinateur vite  "
    assert normalize("Ctrl+V Ctrl-V <h1> 5€ ⌘F", T2) == "CtrlV CtrlV h1 5 F"
    assert normalize("UTF-8 ½ x² n\u0303o q\u0307", T2) == "UTF8  x \u00f1o q\u0307"  # ñ composes, q̇ cannot


def test_t1_and_t2_combine():
    assert normalize("  L’Écran, tactile ! ", T12) == "lecrantactile"


@pytest.mark.parametrize(("a", "b", "distance"), [
    ("", "", 0), ("", "abc", 3), ("abc", "", 3), ("chat", "chat", 0), ("chat", "chats", 1),
    ("chat", "chot", 1), ("ordinatuer", "ordinateur", 2), ("kitten", "sitting", 3),
])
def test_levenshtein(a, b, distance):
    assert levenshtein(a, b) == distance
    assert levenshtein(b, a) == distance


# --- QROC and tolerances -----------------------------------------------------------------------


def test_without_tolerances_the_comparison_is_exact():
    c = qroc("elephant")
    assert check(c, "elephant")
    assert not check(c, "Elephant")
    assert not check(c, "elephant ")


def test_nfd_answer_equals_nfc_variant_without_tolerances():
    assert check(qroc("\u00e9l\u00e9phant"), "e\u0301le\u0301phant")


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_no_break_space_equals_space_without_tolerances(space):
    assert check(qroc("Ctrl + V"), f"Ctrl{space}+{space}V")


def test_t1_accepts_case_accents_and_spaces():
    c = qroc("elephant", tolerances=T1)
    assert check(c, "  Éléphant ")
    assert check(c, "élé phant")
    assert not check(qroc("elephant"), "  Éléphant ")


def test_t2_accepts_missing_or_extra_punctuation():
    c = qroc("lordinateur", tolerances=T2)
    assert check(c, "l'ordinateur")
    assert not check(c, "l’ordinateur !")  # the space before "!" stays without t1
    assert check(c, "l’ordinateur!")
    assert not check(qroc("lordinateur"), "l'ordinateur")


def test_under_t2_a_shortcut_s_plus_and_hyphen_do_not_count():
    c = qroc("Ctrl+V", tolerances=T12)
    assert check(c, "ctrl + v")
    assert check(c, "ctrl v")
    assert check(c, "ctrl-v")
    assert not check(c, "ctrl c")


def test_where_a_symbol_is_the_answer_t2_is_off():
    # "⌘V" under t2 is "v": a bare letter would pass. Such a challenge takes t1 only.
    assert check(qroc("⌘V", tolerances=T12), "V")
    c = qroc("⌘V", tolerances=T1)
    assert check(c, "⌘ v")
    assert not check(c, "V")


def test_t3_accepts_a_typo():
    assert check(qroc("ordinateur", tolerances=T3), "ordinatuer")  # 2 / 10
    assert not check(qroc("ordinateur"), "ordinatuer")


def test_t3_boundary_is_a_quarter_of_the_answer_length():
    c = qroc("internet", tolerances=T3)
    assert levenshtein("intarnot", "internet") == 2
    assert check(c, "intarnot")  # 2 / 8 = 0.25 exactly: accepted
    assert levenshtein("intrnot", "internet") == 2
    assert not check(c, "intrnot")  # 2 / 7 ≈ 0.29: refused


def test_t3_ratio_is_over_the_answer_not_the_variant():
    c = qroc("ordinateurs portables", tolerances=T3)
    assert not check(c, "ordi")  # 17 edits for a 4-letter answer


def test_t3_never_accepts_an_answer_emptied_by_normalization():
    assert not check(qroc("?", tolerances=T123), "!!!")
    assert not check(qroc("a", tolerances=T3), " ")


def test_all_tolerances_combined():
    assert check(qroc("l'ordinateur", tolerances=T123), "  L’Ordinatuer !! ")


@pytest.mark.parametrize("blank", ["", " ", "\t\n", "\u00a0", "\u202f"])
def test_blank_text_is_wrong_not_malformed(blank):
    assert parse_answer(qroc(" "), blank) == blank
    for tolerances in (NONE, T1, T123):
        assert not check(qroc(" ", "", tolerances=tolerances), blank)
    assert not check(qroc("0", numeric=True), blank)


def test_any_variant_is_accepted():
    c = qroc("courriel", "e-mail", "mail", tolerances=T1)
    assert check(c, "E-mail")
    assert check(c, "Courriel")
    assert not check(c, "lettre")


# --- numeric QROC ------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["1 250,5", "1250.5", "1250,5", "1 250.50", "1\u00a0250,5", "1\u202f250,5",
                                    " 1250.5 ", "+1250.5", "01250.5", "001 250,5", "0 001 250.5"])
def test_numeric_accepts_comma_dot_and_thousands_spaces(answer):
    assert check(qroc("1250.5", numeric=True), answer)


@pytest.mark.parametrize("answer", ["25000", "25 000", "025 000", "00025 000", "00025\u00a0000", "0025 000,0",
                                    "00025000"])
def test_numeric_allows_leading_zeros_before_the_thousands_groups(answer):
    assert check(qroc("25 000", numeric=True), answer)


@pytest.mark.parametrize("answer", ["00025 00", "2 5000", "00025  000", "0002 5000"])
def test_numeric_thousands_groups_stay_groups_of_three(answer):
    assert not check(qroc("25000", numeric=True), answer)


@pytest.mark.parametrize("answer", ["1250", "1251,5", "-1250.5", "1,250.5", "12 50,5", "1 250 ,5", "mille",
                                    "1250.5 €", "1e3", "", ",", "zzzz-wrong"])
def test_numeric_refuses_other_numbers_and_unparsable_text(answer):
    c = qroc("1250.5", numeric=True)
    assert isinstance(parse_answer(c, answer), str)  # unparsable is wrong, not malformed
    assert not check(c, answer)


def test_numeric_equality_has_a_small_tolerance():
    c = qroc("0.3", numeric=True)
    assert check(c, "0,30")
    assert check(c, "0.300000000001")
    assert not check(c, "0.301")
    assert check(qroc("-2", "87.6", numeric=True), "-2,0")


# --- QCU, QCM ----------------------------------------------------------------------------------


def test_qcu_is_exact():
    c = challenge("QCU", 2, proposals=4)
    assert check(c, "2")
    assert check(c, 2)
    assert not check(c, "3")
    assert not check(c, 1)


def test_qcm_compares_sets_in_any_order():
    c = challenge("QCM", frozenset({1, 3}), proposals=4)
    assert check(c, ["1", "3"])
    assert check(c, ["3", 1])
    assert not check(c, ["1"])
    assert not check(c, ["1", "3", "4"])
    assert not check(c, ["2", "4"])


# --- QROCM ---------------------------------------------------------------------------------------


def test_qrocm_ind_checks_every_field_against_its_own_variants():
    c = challenge("QROCM-ind", {"total": ("1250", "1 250"), "moyenne": ("42",)}, tolerances=T1,
                  fields=("total", "moyenne"))
    assert check(c, {"total": "1 250", "moyenne": "42"})
    assert check(c, {"moyenne": "42", "total": "1250"})
    assert not check(c, {"total": "1250", "moyenne": "41"})
    assert not check(c, {"total": "42", "moyenne": "1250"})  # another field's variant does not count
    assert not check(c, {"total": "1250", "moyenne": ""})


IMAGES = (("png",), ("jpg", "jpeg"), ("gif",))


def test_qrocm_dep_accepts_distinct_groups_in_any_order():
    c = challenge("QROCM-dep", IMAGES, tolerances=T12, fields=("format1", "format2"))
    assert check(c, {"format1": "PNG", "format2": "jpeg"})
    assert check(c, {"format1": "JPG", "format2": "png"})
    assert check(c, {"format1": "gif", "format2": ".png"})
    assert not check(c, {"format1": "png", "format2": "bmp"})


def test_qrocm_dep_refuses_two_answers_from_one_group():
    c = challenge("QROCM-dep", IMAGES, tolerances=T1, fields=("format1", "format2"))
    assert not check(c, {"format1": "jpg", "format2": "jpeg"})
    assert not check(c, {"format1": "png", "format2": "png"})


def test_qrocm_dep_never_counts_one_answer_for_two_fields():
    # "image" fits both groups: typed in both fields it is still one right answer.
    c = challenge("QROCM-dep", (("png", "image"), ("jpg", "image")), tolerances=T1, fields=("a", "b"))
    assert not check(c, {"a": "image", "b": "image"})
    assert not check(c, {"a": "Image", "b": " image"})  # the same answer once the tolerances apply
    assert check(c, {"a": "image", "b": "jpg"})
    numbers = challenge("QROCM-dep", (("10", "20"), ("10", "30")), numeric=True, fields=("a", "b"))
    assert not check(numbers, {"a": "10", "b": "10,0"})
    assert check(numbers, {"a": "10", "b": "20"})


def test_qrocm_dep_finds_a_matching_where_greedy_would_fail():
    # "a" fits both groups, "b" only the first: "a" must yield the first group to "b".
    c = challenge("QROCM-dep", (("a", "b"), ("a",)), fields=("x", "y"))
    assert check(c, {"x": "a", "y": "b"})
    assert check(c, {"x": "b", "y": "a"})
    assert not check(c, {"x": "b", "y": "b"})


def test_qrocm_dep_with_fewer_fields_than_groups_needs_one_group_per_field():
    c = challenge("QROCM-dep", IMAGES, fields=("format1",))
    assert check(c, {"format1": "gif"})
    assert not check(c, {"format1": "bmp"})


# --- parse_answer --------------------------------------------------------------------------------

QCU = challenge("QCU", 2, proposals=4)
QCM = challenge("QCM", frozenset({1, 3}), proposals=4)
QROC = qroc("elephant", tolerances=T1)
QROCM = challenge("QROCM-ind", {"a": ("1",), "b": ("2",)}, fields=("a", "b"))
QROCM_DEP = challenge("QROCM-dep", (("1",), ("2",)), fields=("a", "b"))


@pytest.mark.parametrize(("c", "raw", "parsed"), [
    (QCU, "2", 2), (QCU, 4, 4), (QCU, "01", 1),
    (QCM, ["1", "3"], frozenset({1, 3})), (QCM, [4, "2", 1], frozenset({1, 2, 4})),
    (QROC, "Éléphant", "Éléphant"), (QROC, "", ""), (QROC, "x" * 500, "x" * 500),
    (QROCM, {"a": "1", "b": ""}, {"a": "1", "b": ""}), (QROCM_DEP, {"b": "x", "a": "y"}, {"a": "y", "b": "x"}),
], ids=lambda v: v.type if isinstance(v, Challenge) else repr(v)[:40])
def test_parse_answer_normalizes_well_formed_answers(c, raw, parsed):
    assert parse_answer(c, raw) == parsed


MALFORMED = [
    *[(QCU, raw) for raw in (None, True, False, 2.0, 2.5, "2.0", " 2", "", "0", 0, 5, -1, "-1", "+2", "abc",
                              "²", "٢", "２", "9" * 5000, 10**30, [], ["2"], {"2": 2})],
    *[(QCM, raw) for raw in (None, True, "1", 1, "1,3", [], ["1", "1"], ["1", 1], [0], ["9"], [[1]], [None],
                              [True], [1.0], ["1", "2", "3", "4", "1"], ["1"] * 10_000, {"1": True})],
    *[(QROC, raw) for raw in (None, True, 42, 4.2, [], ["elephant"], {}, {"value": "elephant"},
                               "x" * 501, "é" * 10_000)],
    *[(c, raw) for c in (QROCM, QROCM_DEP) for raw in (
        None, True, 1, "1", [], ["1", "2"], {}, {"a": "1"}, {"a": "1", "b": "2", "c": "3"},
        {"a": "1", "B": "2"}, {"a": "1", "b": None}, {"a": 1, "b": "2"}, {"a": "1", "b": ["2"]},
        {"a": "1", "b": {"x": "2"}}, {"a": "1", "b": "x" * 501}, {"a": "1", "b": "2", 3: "4"})],
]


@pytest.mark.parametrize(("c", "raw"), MALFORMED, ids=lambda v: v.type if isinstance(v, Challenge) else repr(v)[:40])
def test_parse_answer_refuses_malformed_shapes(c, raw):
    with pytest.raises(MalformedAnswer) as caught:
        parse_answer(c, raw)
    error = caught.value
    assert (error.code, ERRORS[type(error)]) == ("MALFORMED_ANSWER", 422)
    assert error.details["reason"]
    assert len(json.dumps(error.details)) < 1000  # serializable, and never echoes a huge input


# --- the real bank -----------------------------------------------------------------------------------

VALIDATED = [c for c in load_bank().challenges if c.status == "validated"]


def _right_answer(c: Challenge) -> object:
    if c.type == "QCU":
        return str(c.solution)
    if c.type == "QCM":
        return [str(n) for n in sorted(c.solution)]
    if c.type == "QROC":
        return c.solution[0]
    if c.type == "QROCM-ind":
        return {name: variants[0] for name, variants in c.solution.items()}
    return {field.name: group[0] for field, group in zip(c.fields, c.solution, strict=False)}


def _wrong_answer(c: Challenge) -> object:
    if c.type == "QCU":
        return str(c.solution % len(c.proposals_fr) + 1)  # the next proposal, wrapping around
    if c.type == "QCM":
        others = set(range(1, len(c.proposals_fr) + 1)) - c.solution
        chosen = c.solution | {min(others)} if others else c.solution - {max(c.solution)}
        return [str(n) for n in sorted(chosen)]
    if c.type == "QROC":
        return "zzzz-wrong"
    if c.type == "QROCM-ind":
        return {field.name: "zzzz-wrong" for field in c.fields}
    if len(c.fields) == 1:
        return {c.fields[0].name: "zzzz-wrong"}
    # Every field gives the first group's answer: only one of them may count.
    return {field.name: c.solution[0][0] for field in c.fields}


def _verdicts(answer_of) -> dict[str, bool | str]:
    verdicts: dict[str, bool | str] = {}
    for c in VALIDATED:
        try:
            verdicts[c.id] = is_correct(c, parse_answer(c, answer_of(c)))
        except MalformedAnswer as error:
            verdicts[c.id] = f"malformed: {error.details}"
    return verdicts


def test_bank_has_validated_challenges_of_every_type():
    assert {c.type for c in VALIDATED} == {"QCU", "QCM", "QROC", "QROCM-ind", "QROCM-dep"}


def test_every_bank_challenge_accepts_its_own_first_variants():
    failures = {cid: verdict for cid, verdict in _verdicts(_right_answer).items() if verdict is not True}
    assert failures == {}


def test_every_bank_challenge_refuses_a_wrong_answer():
    failures = {cid: verdict for cid, verdict in _verdicts(_wrong_answer).items() if verdict is not False}
    assert failures == {}
