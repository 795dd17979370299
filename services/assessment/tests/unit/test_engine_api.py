"""A positioning test through the API on the real bank: start, answer, skip, the end."""
from pix_assessment.content import load_bank

from .answering import right_answer, wrong_answer


def start(client, auth, code="1.3"):
    answer = client.post("/api/assessments", json={"competenceCode": code}, headers=auth)
    assert answer.status_code in (200, 201), answer.get_json()
    return answer.get_json()


def test_a_whole_test_to_the_end(client, auth):
    bank = load_bank()
    view = start(client, auth)
    assert view["state"] == "started" and view["challenge"]["id"]
    assert "solution" not in repr(view)
    statuses, turn = [], 0
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id}
        if turn == 1:
            body["skipped"] = True
        else:
            body["answer"] = wrong_answer(challenge) if turn == 2 else right_answer(challenge)
        answered = client.post(f"/api/assessments/{view['id']}/answers", json=body, headers=auth)
        assert answered.status_code == 201, answered.get_json()
        statuses.append(answered.get_json()["status"])
        view = answered.get_json()["assessment"]
        turn += 1
        assert turn < 60
    assert statuses[1] == "aband" and statuses[2] == "ko" and statuses[0] == "ok"
    assert view["result"]["level"] >= 0 and view["challenge"] is None
    print(len(statuses), view["result"])
