"""Answers a fuzzer seldom reaches, checked against the document with the fuzz tier's checks:
a test in progress resumed (200 on both starting routes), an answer, a skipped question,
the competences after it, and the checks themselves refusing an undocumented answer."""
from __future__ import annotations

import pytest
import requests
from schemathesis.core.failures import FailureGroup

from ..e2e.people import new_person
from .document import CHECKS, public_api

TIMEOUT = 15


def checked(operation: tuple[str, str], response: requests.Response, **parameters) -> dict:
    path, method = operation
    case = public_api[path][method].Case(**parameters)
    case.validate_response(response, checks=CHECKS)
    return response.json()


def test_a_test_in_progress_is_resumed_with_its_documented_200(platform):
    base = platform.gateway_url
    person = new_person(base, "Reprise", "Test")
    auth = {**person.auth(), **person.headers()}
    started = requests.post(f"{base}/api/assessments", json={"competenceCode": "1.1"}, headers=auth, timeout=TIMEOUT)
    assert started.status_code == 201
    view = checked(("/api/assessments", "POST"), started, body={"competenceCode": "1.1"})
    again = requests.post(f"{base}/api/assessments", json={"competenceCode": "1.1"}, headers=auth, timeout=TIMEOUT)
    assert again.status_code == 200 and checked(("/api/assessments", "POST"), again)["id"] == view["id"]
    improve = requests.post(f"{base}/api/assessments/competences/1.1/improvement", headers=auth, timeout=TIMEOUT)
    assert improve.status_code == 200  # the test in progress, not a new one
    resumed = checked(("/api/assessments/competences/{code}/improvement", "POST"), improve,
                      path_parameters={"code": "1.1"})
    assert resumed["id"] == view["id"] and resumed["state"] == "started"

    skipped = requests.post(f"{base}/api/assessments/{view['id']}/answers", headers=auth, timeout=TIMEOUT,
                            json={"challengeId": view["challenge"]["id"], "skipped": True})
    assert skipped.status_code == 201
    body = checked(("/api/assessments/{assessment_id}/answers", "POST"), skipped,
                   path_parameters={"assessment_id": view["id"]})
    assert body["status"] == "aband" and body["assessment"]["progress"]["answered"] == 1
    read = requests.get(f"{base}/api/assessments/{view['id']}", headers=auth, timeout=TIMEOUT)
    checked(("/api/assessments/{assessment_id}", "GET"), read, path_parameters={"assessment_id": view["id"]})
    mine = requests.get(f"{base}/api/assessments/competences", headers=auth, timeout=TIMEOUT)
    competences = checked(("/api/assessments/competences", "GET"), mine)["competences"]
    assert next(c for c in competences if c["code"] == "1.1")["assessmentId"] == view["id"]


def test_the_checks_refuse_an_answer_the_document_does_not_promise(platform):
    # Without this, a fuzz run that checks nothing would pass just the same.
    base = platform.gateway_url
    framework = requests.get(f"{base}/api/framework", timeout=TIMEOUT)
    checked(("/api/framework", "GET"), framework)
    framework.status_code = 201  # a status the document does not list
    with pytest.raises(FailureGroup):
        checked(("/api/framework", "GET"), framework)
    framework.status_code = 200
    framework._content = b'{"version": 1}'  # not the documented shape
    with pytest.raises(FailureGroup):
        checked(("/api/framework", "GET"), framework)
