"""The demo data `make up` loads (pixlocal.platform.load_demo_data, pixlocal.demo,
pixlocal.demo_sharing), run on the test stack: the demo account has a name, competences
evaluated across the areas (in the assessment service and in the profile read model), one test
in progress; one organization of each type has shared profiles and a campaign, and its admin's
credentials work; loading it again changes nothing."""
from __future__ import annotations

import pytest
import requests
from pixlocal import api, demo, demo_sharing
from pixlocal import platform as local

from ..integration.helpers import wait_for

pytestmark = pytest.mark.timeout(480)
TIMEOUT = 15


def demo_auth(base: str) -> dict[str, str]:
    answer = api.log_in(base, local.DEMO_ACCOUNT["email"], local.DEMO_ACCOUNT["password"], client_ip=api.random_ip())
    assert answer.status_code == 200, answer.text
    return api.bearer(answer.json())


def competences(base: str, auth: dict) -> list[dict]:
    answer = requests.get(f"{base}/api/assessments/competences", headers=auth, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    return answer.json()["competences"]


def open_tests(base: str, auth: dict, statuses: list[dict]) -> dict[str, int]:
    """Each open test's competence → the number of answers it has."""
    out = {}
    for status in statuses:
        if status["assessmentId"]:
            view = requests.get(f"{base}/api/assessments/{status['assessmentId']}", headers=auth, timeout=TIMEOUT)
            assert view.status_code == 200 and view.json()["state"] == "started", view.text
            out[status["code"]] = view.json()["progress"]["answered"]
    return out


def profile_of(base: str, auth: dict, user_id: str) -> dict:
    answer = requests.get(f"{base}/api/profile/{user_id}", headers=auth, timeout=TIMEOUT)
    return answer.json() if answer.status_code == 200 else {}


def test_the_demo_shows_the_product_and_loading_it_again_changes_nothing(platform):
    base = platform.gateway_url
    loaded = local.load_demo_data(platform.cfg)
    auth = demo_auth(base)
    me = requests.get(f"{base}/api/users/me", headers=auth, timeout=TIMEOUT).json()
    assert (me["firstName"], me["lastName"]) == (local.DEMO_ACCOUNT["firstName"], local.DEMO_ACCOUNT["lastName"])

    statuses = competences(base, auth)
    evaluated = [s for s in statuses if s["evaluated"]]
    assert len(evaluated) >= 4 and len({s["areaCode"] for s in evaluated}) >= 3
    assert {s["code"] for s in evaluated} >= set(demo.EVALUATED)
    assert len({s["level"] for s in evaluated}) >= 2  # levels of their own, not one result five times
    tests = open_tests(base, auth, statuses)
    assert tests == {demo.IN_PROGRESS: demo.IN_PROGRESS_ANSWERS}

    # The profile (a read model fed by the assessment events) shows the same results.
    wanted = {s["code"]: (s["level"], s["pix"]) for s in evaluated}
    assert all(pix > 0 for _, pix in wanted.values())

    def profile_caught_up():
        profile = profile_of(base, auth, me["id"])
        shown = {c["code"]: (c["level"], c["pix"]) for c in profile.get("competences", []) if c["pix"]}
        return profile if shown == wanted else None
    profile = wait_for(profile_caught_up, timeout=30)
    assert profile["totalPix"] == sum(pix for _, pix in wanted.values()) > 0
    assert len({code.split(".")[0] for code in wanted}) >= 3

    organizations = wait_for(lambda: shared_organizations(base, loaded), timeout=60)

    again = local.load_demo_data(platform.cfg)
    assert again == loaded
    assert competences(base, auth) == statuses
    assert open_tests(base, auth, statuses) == tests
    assert profile_of(base, auth, me["id"]) == profile
    assert shared_organizations(base, loaded) == organizations


def shared_organizations(base: str, loaded: dict) -> dict | None:
    """Per demo organization: its type, campaigns and table (None until every share is projected)."""
    answer = api.log_in(base, loaded["organization_admin_email"], loaded["organization_admin_password"],
                        client_ip=api.random_ip())
    assert answer.status_code == 200, answer.text
    auth = api.bearer(answer.json())
    mine = requests.get(f"{base}/api/organizations/mine", headers=auth, timeout=TIMEOUT).json()["organizations"]
    assert {o["type"] for o in mine} >= {"SCO", "SUP", "PRO", "MEDIATION"}
    assert all(o["role"] == "ADMIN" for o in mine)
    out = {}
    for organization in mine:
        oid = organization["id"]
        campaigns = requests.get(f"{base}/api/organizations/{oid}/campaigns", headers=auth, timeout=TIMEOUT).json()
        table = requests.get(f"{base}/api/organizations/{oid}/profiles", params={"sort": "lastName"},
                             headers=auth, timeout=TIMEOUT).json()
        wanted = 1 + sum(organization["displayName"] in person[4] for person in demo_sharing.PEOPLE)
        if table["total"] < wanted:
            return None
        assert table["total"] == wanted and campaigns["campaigns"]
        assert any(row["lastName"] == local.DEMO_ACCOUNT["lastName"] and row["totalPix"] > 0 for row in table["rows"])
        if organization["type"] == "SUP":
            assert all(row["studentNumber"] for row in table["rows"])
        out[oid] = (organization["type"], sorted(c["title"] for c in campaigns["campaigns"]),
                    [(r["lastName"], r["totalPix"], r["sharedAt"]) for r in table["rows"]])
    return out
