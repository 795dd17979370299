"""The campaigns rules alone: codes, targets, statuses, retries (docs/domain.md §7)."""
import re
from datetime import UTC, datetime, timedelta

import pytest
from pix_contracts.schemas.sharing import CAMPAIGN_CODE_PATTERN
from pix_sharing.adapters.campaign_book import CampaignBook
from pix_sharing.domain import campaigns as rules
from pixkit.store import EventStore
from pixkit.testing import FakeDatabase

pytestmark = pytest.mark.unit


def test_drawn_codes_match_the_contract():
    pattern = re.compile(CAMPAIGN_CODE_PATTERN)
    for _ in range(200):
        assert pattern.match(rules.draw_campaign_code())
    assert rules.draw_campaign_code(lambda chars: chars[0]) == "BBBBBB222"


def test_a_taken_code_is_drawn_again():
    db = FakeDatabase()
    draws = iter(["BBBBBB222", "BBBBBB222", "CCCCCC333"])
    book = CampaignBook(EventStore(db, "sharing"), db["codes"], draw=lambda: next(draws))
    assert book.reserve_code("first") == "BBBBBB222"
    assert book.reserve_code("second") == "CCCCCC333"
    assert db["codes"].find_one({"_id": "campaign:CCCCCC333"}) == {"_id": "campaign:CCCCCC333",
                                                                   "campaign_id": "second"}
    assert book.by_code("BBBBBB222") is None  # reserved, never appended: leads nowhere


@pytest.mark.parametrize("typed, code", [("bcdfgh234", "BCDFGH234"), (" BCD FGH 234 ", "BCDFGH234"),
                                         ("bcdfgh\t234", "BCDFGH234")])
def test_typed_codes_are_read_without_spaces_and_in_capitals(typed, code):
    assert rules.normalize_campaign_code(typed) == code


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_a_blank_code_is_empty(typed):
    with pytest.raises(rules.CampaignCodeEmpty):
        rules.normalize_campaign_code(typed)


@pytest.mark.parametrize("typed", ["BCDFGH235", "ACDFGH234", "BCDFGH23", "BCD-FGH-234", "campaign:X"])
def test_a_code_no_campaign_could_have_is_unknown(typed):
    with pytest.raises(rules.CampaignCodeUnknown):
        rules.normalize_campaign_code(typed)


def test_targets():
    assert rules.target("ASSESSMENT", ["3.4", "1.1", "1.1"], ["@b", "@a", "@b"]) == (["1.1", "3.4"], ["@a", "@b"])
    assert rules.target("PROFILES_COLLECTION", ["1.1"], ["@a"]) == ([], [])
    with pytest.raises(rules.EmptyTarget):
        rules.target("ASSESSMENT", [], [])


def test_statuses():
    assert rules.status("ASSESSMENT", True, False, False) == "STARTED"
    assert rules.status("ASSESSMENT", True, True, False) == "TO_SHARE"
    assert rules.status("PROFILES_COLLECTION", True, False, False) == "TO_SHARE"
    assert rules.status("ASSESSMENT", True, True, True) == "SHARED"
    assert rules.status(None, False, True, False) is None  # a result before its start: not a row yet


SENT = "2025-03-01T09:30:00.000000Z"
AT = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _campaign(kind="ASSESSMENT", multiple=True):
    return {"kind": kind, "multiple_sendings": multiple}


def _attempt(mastery=50, shared_at=SENT):
    return {"participation_id": "p", "attempt": 1, "started_at": SENT, "shared_at": shared_at,
            "mastery_rate": mastery, "share_id": None}


@pytest.mark.parametrize("mastery, delay, refusal", [
    (99, timedelta(days=4), None),
    (99, timedelta(days=4) - timedelta(microseconds=1), rules.RetryTooEarly),
    (0, timedelta(days=400), None),
    (100, timedelta(days=400), rules.RetryNotAllowed),
])
def test_assessment_retry_boundaries(mastery, delay, refusal):
    found = rules.retry_refusal(_campaign(), _attempt(mastery), AT + delay)
    assert (type(found) if found else None) is refusal


def test_retry_needs_multiple_sendings_and_a_sent_attempt():
    assert isinstance(rules.retry_refusal(_campaign(multiple=False), _attempt(), AT + timedelta(days=9)),
                      rules.RetryNotAllowed)
    assert isinstance(rules.retry_refusal(_campaign(), _attempt(shared_at=None), AT + timedelta(days=9)),
                      rules.RetryNotAllowed)
    assert rules.retry_refusal(_campaign("PROFILES_COLLECTION"), _attempt(None), AT) is None


def test_area_mastery_sums_its_competences():
    assert rules.area_mastery([{"code": "1.1", "validated": 2, "total": 4}, {"code": "1.2", "validated": 1,
                                                                               "total": 2},
                               {"code": "3.4", "validated": 1, "total": 3}]) == {"1": 50, "3": 33}
