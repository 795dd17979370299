"""Issue 4 on the running platform, through the gateway: answering appends to the event
store and publishes AnswerRecorded in order; a resumed test goes on where it stopped; a
double submit records one answer; the finished test's level reaches the profile."""
from __future__ import annotations

import json
import threading

import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer as right
from pymongo import MongoClient

from ..integration.helpers import wait_for
from .people import new_person
from .topics import values_for_key

TIMEOUT = 15


def shown(view) -> list[str]:
    """The proposals as this assessment shows them (shuffled per assessment)."""
    return view["challenge"]["proposals"]


def post_answer(base, auth, view, body):
    return requests.post(f"{base}/api/assessments/{view['id']}/answers", json=body, headers=auth, timeout=TIMEOUT)


def stream_events(platform, user_id, code):
    settings = platform.settings("assessment")
    mongo = MongoClient(settings.mongo_uri)
    try:
        stream, out, position = f"competence-{user_id}-{code.replace('.', '_')}", [], 1
        events = mongo[settings.db_name]["events"]
        while commit := events.find_one({"_id": f"{stream}:{position:09d}"}):
            out += commit["events"]
            position = commit["last"] + 1
        return out
    finally:
        mongo.close()


def published(platform, user_id) -> list[dict]:
    settings = platform.settings("assessment")
    return [json.loads(v) for v in values_for_key(settings.kafka_bootstrap, settings.topic("pix.assessment.events"),
                                                  user_id)]


def test_answers_are_stored_published_in_order_and_a_test_resumes(platform):
    base, bank = platform.gateway_url, load_bank()
    person = new_person(base, "Ada", "Test")
    auth = {**person.auth(), **person.headers()}
    view = requests.post(f"{base}/api/assessments", json={"competenceCode": "1.3"}, headers=auth,
                         timeout=TIMEOUT).json()
    asked = []
    for _ in range(3):
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        asked.append(challenge.id)
        answered = post_answer(base, auth, view, {"challengeId": challenge.id, "answer": right(challenge, shown(view))})
        assert answered.status_code == 201, answered.text
        view = answered.json()["assessment"]
    stored = [e for e in stream_events(platform, person.id, "1.3") if e["type"] == "AnswerRecorded"]
    assert [e["data"]["challenge_id"] for e in stored] == asked

    # "Closing the browser": a fresh login, then the same test and the same next question.
    auth = {**person.auth(), **person.headers()}
    resumed = requests.post(f"{base}/api/assessments", json={"competenceCode": "1.3"}, headers=auth,
                            timeout=TIMEOUT)
    assert resumed.status_code == 200 and resumed.json()["id"] == view["id"]
    assert resumed.json()["challenge"]["id"] == view["challenge"]["id"]
    assert resumed.json()["progress"]["answered"] == 3

    def in_order():
        answers = [e for e in published(platform, person.id) if e["type"] == "AnswerRecorded"]
        return answers if len(answers) == 3 else None
    answers = wait_for(in_order, timeout=30)
    assert [a["data"]["challenge_id"] for a in answers] == asked
    assert [a["position"] for a in answers] == sorted(a["position"] for a in answers)


def test_a_double_submit_records_one_answer(platform):
    base, bank = platform.gateway_url, load_bank()
    person = new_person(base, "Double", "Clic")
    auth = {**person.auth(), **person.headers()}
    view = requests.post(f"{base}/api/assessments", json={"competenceCode": "2.1"}, headers=auth,
                         timeout=TIMEOUT).json()
    challenge = bank.challenge_by_id[view["challenge"]["id"]]
    body = {"challengeId": challenge.id, "answer": right(challenge, shown(view))}
    barrier, answers = threading.Barrier(4), []

    def submit():
        barrier.wait()
        answers.append(post_answer(base, auth, view, body))
    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409], [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 409} <= {"NOT_CURRENT_CHALLENGE",
                                                                           "CONCURRENT_UPDATE"}
    recorded = [e for e in stream_events(platform, person.id, "2.1")
                if e["type"] == "AnswerRecorded" and e["data"]["challenge_id"] == challenge.id]
    assert len(recorded) == 1


def test_a_finished_test_reaches_the_profile(platform):
    base, bank = platform.gateway_url, load_bank()
    person = new_person(base, "Fin", "Test")
    auth = {**person.auth(), **person.headers()}
    view = requests.post(f"{base}/api/assessments", json={"competenceCode": "4.2"}, headers=auth,
                         timeout=TIMEOUT).json()
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        body = {"challengeId": challenge.id, "answer": right(challenge, shown(view))}
        view = post_answer(base, auth, view, body).json()[
            "assessment"]
    level = view["result"]["level"]
    assert level >= 1

    def profile_level():
        body = requests.get(f"{base}/api/profile/{person.id}", headers=auth, timeout=TIMEOUT).json()
        entry = next((c for c in body.get("competences", []) if c["code"] == "4.2"), None)
        return entry if entry and entry["level"] == level else None
    entry = wait_for(profile_level, timeout=30)
    assert entry["pix"] == view["result"]["pix"]

    # Profile publishes the whole profile for its consumers (sharing, certification, analytics).
    def profile_updated():
        settings = platform.settings("profile")
        values = values_for_key(settings.kafka_bootstrap, settings.topic("pix.profile.events"), person.id)
        last = json.loads(values[-1]) if values else None
        return last if last and last["data"]["total_pix"] == view["result"]["pix"] else None
    last = wait_for(profile_updated, timeout=30)
    assert {c["code"]: c["level"] for c in last["data"]["competences"]}["4.2"] == level


def test_retenter_right_after_a_test_says_when_and_the_review_comes_only_at_the_end(platform):
    """Issue 10: "Retenter" on a competence just evaluated never opens a test that cannot go
    on; it says from when it can, as the competence list does. The finished test's review
    gives each answer's status and the correct answer; the running test gave none."""
    from pix_assessment.domain.content.reference import wrong_answer

    base, bank = platform.gateway_url, load_bank()
    person = new_person(base, "Retente", "Test")
    auth = {**person.auth(), **person.headers()}
    view = requests.post(f"{base}/api/assessments", json={"competenceCode": "1.3"}, headers=auth,
                         timeout=TIMEOUT).json()
    while view["state"] == "started":
        assert view["review"] is None and "solution" not in json.dumps(view)
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        answered = post_answer(base, auth, view, {"challengeId": challenge.id,
                                                  "answer": wrong_answer(challenge, shown(view))})
        assert answered.status_code == 201, answered.text
        view = answered.json()["assessment"]
    assert [item["status"] for item in view["review"]] == ["ko"] * view["progress"]["answered"]
    assert all(item["solution"] and item["instruction"] for item in view["review"])

    refused = requests.post(f"{base}/api/assessments/competences/1.3/improvement", headers=auth, timeout=TIMEOUT)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "IMPROVE_TOO_EARLY" and refused.json()["details"]["availableAt"]
    assert "4 jours" in refused.json()["message"]
    listing = requests.get(f"{base}/api/assessments/competences", headers=auth, timeout=TIMEOUT).json()
    entry = next(c for c in listing["competences"] if c["code"] == "1.3")
    assert entry["assessmentId"] is None and entry["canImprove"] is False
    assert entry["improveRefusal"]["code"] == "IMPROVE_TOO_EARLY"
    assert entry["improveAvailableAt"] == refused.json()["details"]["availableAt"]
    started = [e for e in stream_events(platform, person.id, "1.3") if e["type"] == "AssessmentStarted"]
    assert len(started) == 1  # the refusal opened nothing
