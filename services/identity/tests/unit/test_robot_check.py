"""The proof-of-work robot check: a solved puzzle passes once; anything else fails."""
import pytest
from pix_identity.domain import robot_check as rc

KEY = b"k" * 32
NOW = 1_800_000_000.0


def test_a_solved_puzzle_passes_and_names_its_nonce():
    puzzle = rc.issue(KEY, NOW, difficulty=10)
    counter = rc.solve(puzzle.challenge, 10)
    nonce = rc.verify(KEY, puzzle.challenge, counter, NOW + 5, 10)
    assert nonce == puzzle.challenge.split(".")[1]


@pytest.mark.parametrize("tamper", ["signature", "time", "difficulty", "key"])
def test_a_forged_or_altered_challenge_fails(tamper):
    puzzle = rc.issue(KEY, NOW, difficulty=8)
    issued, nonce, sig = puzzle.challenge.split(".")
    challenge, key, difficulty = puzzle.challenge, KEY, 8
    if tamper == "signature":
        challenge = f"{issued}.{nonce}.{'0' * 32}"
    elif tamper == "time":
        challenge = f"{int(issued) + 1}.{nonce}.{sig}"
    elif tamper == "difficulty":
        difficulty = 1  # a client may not lower the work it was asked for
    else:
        key = b"x" * 32
    with pytest.raises(rc.RobotCheckFailed):
        rc.verify(key, challenge, rc.solve(challenge, difficulty), NOW, difficulty)


def test_too_old_or_unsolved_or_malformed_fails():
    puzzle = rc.issue(KEY, NOW, difficulty=12)
    counter = rc.solve(puzzle.challenge, 12)
    with pytest.raises(rc.RobotCheckFailed, match="expired"):
        rc.verify(KEY, puzzle.challenge, counter, NOW + rc.MAX_AGE_S + 1, 12)
    wrong = next(c for c in range(10_000) if rc.leading_zero_bits(
        __import__("hashlib").sha256(f"{puzzle.challenge}:{c}".encode()).digest()) < 12)
    with pytest.raises(rc.RobotCheckFailed, match="work"):
        rc.verify(KEY, puzzle.challenge, wrong, NOW, 12)
    for challenge, counter in [("", 1), ("a.b", 1), (puzzle.challenge, "7"), (puzzle.challenge, -1), (None, 1)]:
        with pytest.raises(rc.RobotCheckFailed):
            rc.verify(KEY, challenge, counter, NOW, 12)


def test_leading_zero_bits_counts_bits_not_bytes():
    assert rc.leading_zero_bits(bytes([0, 0x0F])) == 12
    assert rc.leading_zero_bits(bytes([0x80])) == 0
    assert rc.leading_zero_bits(bytes([0, 0])) == 16
