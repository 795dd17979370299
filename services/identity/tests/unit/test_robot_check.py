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


# Through the API: identity hands out puzzles and admits each solved one once.
from pix_identity.bootstrap import bootstrap  # noqa: E402
from pix_identity.entrypoints.http import create_app  # noqa: E402
from pixkit.testing import FakeDatabase, unit_settings  # noqa: E402

from .conftest import UNIT_ENV, Clock, fake_hash, sign_up_body  # noqa: E402


@pytest.fixture
def hard_client():
    """Difficulty 8: the work is real, and cheap enough for a test."""
    service = bootstrap(unit_settings("identity"), FakeDatabase(), clock=Clock(), hash_password=fake_hash,
                        env={**UNIT_ENV, "PIX_IDENTITY_ROBOT_DIFFICULTY": "8"})
    return create_app(unit_settings("identity"), service, ready_checks={}).test_client(), service


def puzzle_proof(client):
    puzzle = client.get("/api/users/robot-check").get_json()
    return {"challenge": puzzle["challenge"], "counter": rc.solve(puzzle["challenge"], puzzle["difficulty"])}


def test_the_puzzle_endpoint_serves_a_signed_puzzle_of_the_configured_difficulty(hard_client):
    client, _ = hard_client
    puzzle = client.get("/api/users/robot-check").get_json()
    assert puzzle["difficulty"] == 8 and len(puzzle["challenge"].split(".")) == 3
    assert client.get("/api/users/robot-check").get_json()["challenge"] != puzzle["challenge"]


def test_a_solved_puzzle_signs_up_once_and_a_replay_is_refused(hard_client):
    client, service = hard_client
    proof = puzzle_proof(client)
    assert client.post("/api/users", json=sign_up_body(robotProof=proof)).status_code == 201
    again = client.post("/api/users", json=sign_up_body(email="bob@example.fr", robotProof=proof))
    assert again.status_code == 400 and again.get_json()["code"] == "ROBOT_CHECK_FAILED"
    assert again.get_json()["message"] == "La vérification anti-robot a échoué ; rechargez la page et réessayez."
    assert service.db["emails"].find_one({"_id": "bob@example.fr"}) is None  # nothing written


@pytest.mark.parametrize("spoil", ["unsolved", "forged", "wrong type"])
def test_a_bad_proof_is_a_400_and_writes_nothing(hard_client, spoil):
    client, service = hard_client
    proof = puzzle_proof(client)
    if spoil == "unsolved":
        proof["counter"] = next(c for c in range(1000) if rc.leading_zero_bits(
            __import__("hashlib").sha256(f"{proof['challenge']}:{c}".encode()).digest()) < 8)
    elif spoil == "forged":
        proof["challenge"] = proof["challenge"][:-4] + "0000"
    else:
        proof["counter"] = "12"
    answer = client.post("/api/users", json=sign_up_body(robotProof=proof))
    assert answer.status_code in (400, 422)
    assert answer.get_json()["code"] in ("ROBOT_CHECK_FAILED", "VALIDATION_ERROR")
    assert service.db["emails"].find_one({"_id": "alice@example.fr"}) is None
