"""Eligibility through the gateway on the real broker and store: a new person needs 5
competences at level 1 or more; after five tests answered right, certification's own copy of
ProfileUpdated (it follows the profile topic) says they may take a certification."""
from __future__ import annotations

from ..integration.helpers import wait_for
from .sharing_world import someone, take_test, wait_profile_above

FIVE = ("1.1", "1.2", "2.1", "3.1", "4.1")


def eligibility(caller) -> dict:
    return caller.ok("GET", "/api/certification/eligibility")


def test_five_competences_at_level_one_make_a_person_eligible(platform):
    caller = someone(platform.gateway_url)
    first = eligibility(caller)
    assert first["eligible"] is False and first["missing"] == 5 and first["certifiableCompetences"] == []
    for code in FIVE[:4]:
        take_test(caller, code)
    wait_profile_above(caller, 0)
    four = wait_for(lambda: (e := eligibility(caller))["missing"] == 1 and e, timeout=30, interval=0.2)
    assert four["eligible"] is False and four["certifiableCompetences"] == sorted(FIVE[:4])
    take_test(caller, FIVE[4])
    five = wait_for(lambda: (e := eligibility(caller))["eligible"] and e, timeout=30, interval=0.2)
    assert five["missing"] == 0 and five["certifiableCompetences"] == sorted(FIVE)
    assert all(item["level"] >= 1 for item in five["levels"] if item["certifiable"])
