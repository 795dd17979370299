"""Candidates answer while assessment's web process and then its worker are killed (SIGKILL)
and restarted. Every test still finishes; every stream is whole (contiguous positions, no
answer twice, one start, one evaluation, one completion, the snapshot at the last
position); every stored event reaches the topic."""
from __future__ import annotations

import threading
import time

import pytest
import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer
from pymongo import MongoClient

from ..e2e.people import new_person
from ..e2e.topics import values_for_key
from ..integration.helpers import wait_for

pytestmark = pytest.mark.timeout(300)
COMPETENCES = ("1.1", "2.3", "3.4", "5.1")
DOWN = (502, 503, 504)
THINK_S = 0.3  # a candidate's pause between answers: the crash lands mid-test


class Candidate(threading.Thread):
    """Answers to the end, as a patient browser would: retries while the service is away,
    and re-reads the test when an answer's fate is unknown."""

    def __init__(self, base: str, person, code: str, bank) -> None:
        super().__init__(daemon=True)
        self.base, self.person, self.code, self.bank = base, person, code, bank
        self.auth = {**person.auth(), **person.headers()}
        self.view, self.error, self.retries = None, None, 0

    def call(self, method: str, path: str, body=None):
        for _ in range(300):
            try:
                answer = requests.request(method, self.base + path, json=body, headers=self.auth, timeout=10)
                if answer.status_code not in DOWN:
                    return answer
            except requests.RequestException:
                pass
            self.retries += 1
            time.sleep(0.1)
        raise AssertionError(f"{method} {path}: the service never came back")

    @staticmethod
    def read(answer: requests.Response) -> dict:
        assert answer.status_code in (200, 201), \
            f"{answer.request.method} {answer.url}: {answer.status_code} {answer.text}"
        return answer.json()

    def run(self) -> None:
        try:
            self.view = self.read(self.call("POST", "/api/assessments", {"competenceCode": self.code}))
            while self.view["state"] == "started":
                challenge = self.bank.challenge_by_id[self.view["challenge"]["id"]]
                body = {"challengeId": challenge.id,
                        "answer": reference_answer(challenge, self.view["challenge"]["proposals"])}
                time.sleep(THINK_S)
                answer = self.call("POST", f"/api/assessments/{self.view['id']}/answers", body)
                if answer.status_code == 201:
                    self.view = answer.json()["assessment"]
                else:  # 409: it was recorded before the crash, or it is not current any more
                    assert answer.status_code == 409, answer.text
                    self.view = self.read(self.call("GET", f"/api/assessments/{self.view['id']}"))
        except Exception as exc:  # noqa: BLE001 - reported by the test's thread
            self.error = exc


def stored_events(db, user_id: str, code: str) -> list[dict]:
    stream, out, position = f"competence-{user_id}-{code.replace('.', '_')}", [], 1
    while commit := db["events"].find_one({"_id": f"{stream}:{position:09d}"}):
        out += commit["events"]
        position = commit["last"] + 1
    return out


def test_killing_assessment_mid_test_leaves_every_stream_whole(platform):
    from pixlocal import platform as local
    from pixlocal import procs

    cfg, base, bank = platform.cfg, platform.gateway_url, load_bank()
    candidates = [Candidate(base, new_person(base, "Panne", "Test"), code, bank) for code in COMPETENCES]
    for candidate in candidates:
        candidate.start()
    time.sleep(0.8)
    procs.kill(cfg.run_dir(), "assessment-web")  # mid-answers, as a crash would
    time.sleep(1.0)
    local.start_service(cfg, "assessment")  # the web process again (the running worker is kept)
    time.sleep(2.0)
    local.stop_worker(cfg, "assessment", kill=True)  # the relay, mid-publication
    time.sleep(1.0)
    local.start_worker(cfg, "assessment")
    for candidate in candidates:
        candidate.join(timeout=240)
        assert candidate.error is None, candidate.error
        assert candidate.view["state"] == "completed"
    assert sum(c.retries for c in candidates) > 0  # the crash was felt

    settings = platform.settings("assessment")
    mongo = MongoClient(settings.mongo_uri)
    db = mongo[settings.db_name]
    try:
        for candidate in candidates:
            user_id, code = candidate.person.id, candidate.code
            events = stored_events(db, user_id, code)
            types = [e["type"] for e in events]
            assert [e["position"] for e in events] == list(range(1, len(events) + 1))
            assert types.count("AssessmentStarted") == types.count("CompetenceEvaluated") == 1
            assert types.count("AssessmentCompleted") == 1 and types[-1] == "AssessmentCompleted"
            answered = [e["data"]["challenge_id"] for e in events if e["type"] == "AnswerRecorded"]
            assert len(answered) == len(set(answered)) == candidate.view["progress"]["answered"]
            snapshot = db["streams"].find_one({"_id": f"competence-{user_id}-{code.replace('.', '_')}"})
            assert snapshot["version"] == len(events)

            def all_published(ids=frozenset(e["id"] for e in events), user=user_id):
                import json
                values = values_for_key(settings.kafka_bootstrap, settings.topic("pix.assessment.events"), user)
                return ids <= {json.loads(v)["id"] for v in values if v}
            wait_for(all_published, timeout=60, interval=1.0)
    finally:
        mongo.close()
