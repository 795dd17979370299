"""Each assessment shows a QCU/QCM's proposals in its own order, and reads answers in it."""
from pix_assessment.domain import answers, shuffle
from pix_assessment.domain.content import load_bank


def test_the_order_is_fixed_per_assessment_and_differs_between_them():
    bank = load_bank()
    qcus = [c for c in bank.challenges if c.type == "QCU"]
    assert shuffle.display_order("a1", qcus[0]) == shuffle.display_order("a1", qcus[0])
    differing = sum(shuffle.display_order("a1", c) != shuffle.display_order("a2", c) for c in qcus)
    assert differing > len(qcus) * 0.5  # 3–5 proposals: most orders change
    for challenge in qcus:
        assert sorted(shuffle.display_order("a1", challenge)) == list(range(1, len(challenge.proposals_fr) + 1))


def test_the_shown_number_is_read_back_to_the_banks():
    bank = load_bank()
    for challenge in (c for c in bank.challenges if c.type in ("QCU", "QCM")):
        order = shuffle.display_order("a-42", challenge)
        shown_right = sorted(str(order.index(n) + 1) for n in (
            [challenge.solution] if challenge.type == "QCU" else challenge.solution))
        raw = shown_right[0] if challenge.type == "QCU" else shown_right
        parsed = answers.parse_answer(challenge, shuffle.to_bank_numbers(raw, "a-42", challenge))
        assert answers.is_correct(challenge, parsed), challenge.id


def test_other_types_and_odd_input_pass_through_unchanged():
    bank = load_bank()
    qroc = next(c for c in bank.challenges if c.type == "QROC")
    assert shuffle.to_bank_numbers("texte", "a1", qroc) == "texte"
    qcu = next(c for c in bank.challenges if c.type == "QCU")
    for odd in (None, "9", "-1", {"x": 1}, True, "²"):
        assert shuffle.to_bank_numbers(odd, "a1", qcu) == odd
