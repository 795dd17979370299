"""Two assessment web processes answer for the same candidate at the same moment. Each keeps
the aggregates it saw in memory (docs/adr/0015-event-store-write-path.md), so each is often
behind what the other wrote: at every position exactly one of the two answers lands, the
other gets a clear 409, and the stream stays whole."""
from __future__ import annotations

import threading

import pytest
import requests
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer, wrong_answer
from pymongo import MongoClient

from ..e2e.people import new_person
from .test_assessment_crashes import stored_events

pytestmark = pytest.mark.timeout(240)
SECOND_PORT_SHIFT = 50  # a free port beside assessment's own


@pytest.fixture
def second_assessment(platform):
    from pixlocal import platform as local
    from pixlocal import procs

    cfg = platform.cfg
    port = cfg.service_ports["assessment"] + SECOND_PORT_SHIFT
    env = {**local._env(cfg, "assessment-second", port), "PIX_WEB_WORKERS": "1"}
    procs.start(cfg.run_dir(), cfg.log_dir(), "assessment-second-web", local.web_argv("assessment"), env,
                ports=(port,))
    url = f"http://127.0.0.1:{port}"
    procs.wait_until(lambda: requests.get(url + "/ready", timeout=2).status_code == 200, 60,
                     "second assessment web process", cfg.log_dir() / "assessment-second-web.log")
    yield url
    procs.stop(cfg.run_dir(), "assessment-second-web")


def both_at_once(calls):
    """Runs the calls at the same instant; their responses in order."""
    barrier, out = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        barrier.wait()
        out[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return out


def test_two_processes_never_both_record_an_answer_at_one_position(platform, second_assessment):
    bank = load_bank()
    person = new_person(platform.gateway_url, "Double", "Envoi")
    auth = person.auth()
    first, second = platform.service_url("assessment"), second_assessment
    view = requests.post(first + "/api/assessments", json={"competenceCode": "2.1"}, headers=auth,
                         timeout=10).json()
    rounds, lone = 0, 0
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        proposals = view["challenge"]["proposals"]
        path = f"/api/assessments/{view['id']}/answers"
        if rounds % 3 == 2:  # now and then one process alone: the other's memory falls behind
            base = (first, second)[lone % 2]
            lone += 1
            answered = requests.post(base + path, json={"challengeId": challenge.id,
                                                        "answer": reference_answer(challenge, proposals)},
                                     headers=auth, timeout=10)
            assert answered.status_code == 201, answered.text
        else:
            bodies = [{"challengeId": challenge.id, "answer": reference_answer(challenge, proposals)},
                      {"challengeId": challenge.id, "answer": (wrong_answer if rounds % 2 else reference_answer)(
                          challenge, proposals)}]
            answers = both_at_once([
                lambda b=bodies[0], p=path: requests.post(first + p, json=b, headers=auth, timeout=10),
                lambda b=bodies[1], p=path: requests.post(second + p, json=b, headers=auth, timeout=10)])
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [201, 409], [a.text for a in answers]
            refused = next(a for a in answers if a.status_code == 409).json()
            # the last answer ends the test: the other one then finds it completed
            assert refused["code"] in ("NOT_CURRENT_CHALLENGE", "CONCURRENT_UPDATE", "ASSESSMENT_COMPLETED"), refused
            answered = next(a for a in answers if a.status_code == 201)
        view = answered.json()["assessment"]
        rounds += 1
    assert rounds >= 5 and view["state"] == "completed"

    settings = platform.settings("assessment")
    mongo = MongoClient(settings.mongo_uri)
    try:
        events = stored_events(mongo[settings.db_name], person.id, "2.1")
    finally:
        mongo.close()
    assert [e["position"] for e in events] == list(range(1, len(events) + 1))
    answered_ids = [e["data"]["challenge_id"] for e in events if e["type"] == "AnswerRecorded"]
    assert len(answered_ids) == len(set(answered_ids)) == view["progress"]["answered"] == rounds
    assert [e["type"] for e in events].count("AssessmentCompleted") == 1
