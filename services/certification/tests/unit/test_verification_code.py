import random

import pytest
from pix_certification.domain.errors import VerificationCodeExhausted
from pix_certification.domain.verification_code import (
    ALPHABET,
    generate_verification_code,
    is_verification_code,
    normalize_verification_code,
)


def test_a_generated_code_is_p_dash_and_eight_characters_of_the_alphabet():
    code = generate_verification_code(lambda _: False)
    assert code.startswith("P-") and len(code) == 10
    assert set(code[2:]) <= set(ALPHABET) and is_verification_code(code)


def test_it_draws_again_on_a_collision():
    taken = set()
    first = generate_verification_code(lambda _: False, choice=random.Random(1).choice)
    taken.add(first)
    checked = []

    def is_taken(code):
        checked.append(code)
        return code in taken
    # The same seed draws the taken code first, then a new one.
    second = generate_verification_code(is_taken, choice=random.Random(1).choice)
    assert checked[0] == first and second != first and len(checked) == 2


def test_it_gives_up_when_every_code_is_taken():
    calls = []
    with pytest.raises(VerificationCodeExhausted):
        generate_verification_code(lambda c: calls.append(c) or True, max_attempts=4)
    assert len(calls) == 4


def test_the_validator_ignores_case_and_spaces():
    assert normalize_verification_code(" p-2346 789b ") == "P-2346789B"
    assert is_verification_code("p-bcdfghjk")


@pytest.mark.parametrize("text", ["P-2346789", "P-2346789BC", "P-2346789A", "P-0346789B",
                                  "Q-2346789B", "P2346789BC", "", "P-"])
def test_the_validator_refuses_other_texts(text):
    assert not is_verification_code(text) and normalize_verification_code(text) is None
