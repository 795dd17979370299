"""A finished test's review ("Réponses et tutos"): each answered challenge, how it went and
the correct answer, in the caller's language, and never a solution while the test runs."""
from __future__ import annotations

import pytest
from pix_assessment.domain.content import load_bank

from .answering import right_answer, wrong_answer
from .test_engine_api import shown, start

EN = {"Accept-Language": "en"}


@pytest.fixture
def bank():
    return load_bank()


def keys_anywhere(node) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in keys_anywhere(value)}
    if isinstance(node, list):
        return {k for item in node for k in keys_anywhere(item)}
    return set()


def play(client, auth, bank, code="4.1"):
    """Answers right, skips the 2nd, answers the 3rd wrong; checks every view on the way."""
    view, statuses, asked, turn = start(client, auth, code), [], [], 0
    while view["state"] == "started":
        assert view["review"] is None and not {"solution", "anyOf"} & keys_anywhere(view), view
        for item in view["checkpoint"] or ():
            assert set(item) == {"challengeId", "instruction", "status", "correct"}
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id}
        if turn == 1:
            body["skipped"] = True
        else:
            body["answer"] = (wrong_answer if turn == 2 else right_answer)(challenge, shown(view))
        answered = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth).get_json()
        statuses.append(answered["status"])
        asked.append(challenge)
        view = answered["assessment"]
        turn += 1
    return view, asked, statuses


def expected_texts(challenge, lang: str) -> list[str]:
    proposals = (challenge.proposals_en if lang == "en" and challenge.proposals_en else challenge.proposals_fr)
    if challenge.type == "QCU":
        return [proposals[challenge.solution - 1]]
    if challenge.type == "QCM":
        return [proposals[n - 1] for n in sorted(challenge.solution)]
    if challenge.type == "QROC":
        return [challenge.solution[0]]
    if challenge.type == "QROCM-ind":
        return [challenge.solution[f.name][0] for f in challenge.fields]
    return [group[0] for group in challenge.solution]


def test_the_finished_test_reviews_each_answer_with_the_correct_one(client, auth, bank):
    view, asked, statuses = play(client, auth, bank)
    review = view["review"]
    assert [r["challengeId"] for r in review] == [c.id for c in asked]
    assert [r["status"] for r in review] == statuses and statuses[1:3] == ["aband", "ko"]
    assert [r["correct"] for r in review] == [s == "ok" for s in statuses]
    for item, challenge in zip(review, asked, strict=True):
        assert item["instruction"] == challenge.instruction_fr
        assert [part["text"] for part in item["solution"]] == expected_texts(challenge, "fr")
        assert item["anyOf"] == (len(challenge.fields) if challenge.type == "QROCM-dep" else None)
        if challenge.type == "QROCM-ind":
            assert [part["label"] for part in item["solution"]] == [f.label_fr for f in challenge.fields]
    again = client.get(f"/api/assessments/{view['id']}", headers=auth).get_json()
    assert again["review"] == review  # the result page can come back to it


def test_the_review_speaks_the_caller_s_language(client, auth, bank):
    view, asked, _ = play(client, auth, bank)
    english = client.get(f"/api/assessments/{view['id']}", headers={**auth, **EN}).get_json()["review"]
    for item, challenge in zip(english, asked, strict=True):
        assert item["instruction"] == (challenge.instruction_en or challenge.instruction_fr)
        assert [part["text"] for part in item["solution"]] == expected_texts(challenge, "en")
    translated = [c for c in asked if c.type in ("QCU", "QCM") and c.proposals_en != c.proposals_fr]
    assert translated, "4.1's run asks a choice question whose proposals are translated"


def test_the_checkpoint_gives_each_whole_instruction(client, auth, bank):
    view = start(client, auth, "4.1")
    asked = []
    while not view["checkpoint"]:
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        asked.append(challenge)
        view = client.post(f"/api/assessments/{view['id']}/answers",
                           json={"challengeId": challenge.id, "answer": right_answer(challenge, shown(view))},
                           headers=auth).get_json()["assessment"]
    assert [item["instruction"] for item in view["checkpoint"]] == [c.instruction_fr for c in asked[-5:]]
    assert any("\n" in c.instruction_fr for c in asked[-5:])  # more than the first line of the bank's text
