"""Demo content for `make up`, made through the public API as a person would: the demo account
(named at sign-up, platform.DEMO_ACCOUNT) has one competence evaluated in each of the five
areas, at different levels, and one test left in progress, so that the profile, the tests
page and "Reprendre" all show what the product does. The sharing demo (organizations,
campaigns, shared profiles) is pixlocal.demo_sharing.

Idempotent: a competence already evaluated is left alone, and so is the test in progress (a
second `make up` neither answers it further nor opens another one). A test that a stopped
run left open on an EVALUATED competence is resumed and finished.

The answers are the bank's own solutions (right) or surely wrong ones, as the e2e tests
answer (pix_assessment.domain.content.reference)."""
from __future__ import annotations

import requests

from . import api

# Competence → answer pattern, repeated: True = the reference answer, False = a wrong one.
# One competence per area (docs/domain.md §2), each pattern reaching its own level.
EVALUATED = {"1.3": (True,), "2.1": (True, True, False), "3.2": (True, False), "4.1": (True, True, False),
             "5.2": (True, True, True, False)}
IN_PROGRESS = "1.1"
IN_PROGRESS_ANSWERS = 2  # answered before the demo leaves it, so that it resumes mid-way
MAX_ANSWERS = 60


def evaluate_competences(base_url: str, email: str, password: str) -> None:
    """The evaluated competences and the test in progress, for the account `email`."""
    from pix_assessment.domain.content import load_bank

    bank = load_bank()
    auth = api.bearer(_ok(api.log_in(base_url, email, password)).json())
    statuses = {c["code"]: c for c in _ok(requests.get(f"{base_url}/api/assessments/competences", headers=auth,
                                                       timeout=api.TIMEOUT)).json()["competences"]}
    for code, pattern in EVALUATED.items():
        if not statuses[code]["evaluated"]:
            _take_test(base_url, auth, bank, code, pattern, MAX_ANSWERS)
    left_open = statuses[IN_PROGRESS]
    if not left_open["evaluated"] and not left_open["assessmentId"]:
        _take_test(base_url, auth, bank, IN_PROGRESS, (True,), IN_PROGRESS_ANSWERS)


def evaluate_one(base_url: str, auth: dict, code: str, pattern: tuple[bool, ...]) -> None:
    """One competence of a person, if not evaluated yet (the sharing demo's other people)."""
    from pix_assessment.domain.content import load_bank

    statuses = {c["code"]: c for c in _ok(requests.get(f"{base_url}/api/assessments/competences", headers=auth,
                                                       timeout=api.TIMEOUT)).json()["competences"]}
    if not statuses[code]["evaluated"]:
        _take_test(base_url, auth, load_bank(), code, pattern, MAX_ANSWERS)


def _take_test(base_url: str, auth: dict, bank, code: str, pattern: tuple[bool, ...], answers: int) -> dict:
    """Starts (or resumes) the test on `code` and answers up to `answers` challenges."""
    from pix_assessment.domain.content.reference import reference_answer, wrong_answer

    view = _ok(requests.post(f"{base_url}/api/assessments", json={"competenceCode": code}, headers=auth,
                             timeout=api.TIMEOUT)).json()
    for turn in range(answers):
        if view["state"] != "started":
            break
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        shown = view["challenge"]["proposals"]
        value = (reference_answer if pattern[turn % len(pattern)] else wrong_answer)(challenge, shown)
        view = _ok(requests.post(f"{base_url}/api/assessments/{view['id']}/answers",
                                 json={"challengeId": challenge.id, "answer": value}, headers=auth,
                                 timeout=api.TIMEOUT)).json()["assessment"]
    return view


def _ok(response: requests.Response) -> requests.Response:
    if response.status_code >= 400:
        raise RuntimeError(f"demo data refused: {response.request.method} {response.url} "
                           f"{response.status_code} {response.text[:300]}")
    return response
