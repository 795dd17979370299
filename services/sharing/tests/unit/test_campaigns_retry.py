"""The retry rules of docs/domain.md §7 on their boundaries: only with multiple sendings; an
assessment 4 days after sending and below 100 %; a profile collection at any time."""
import pytest

from .test_campaigns_support import Platform

pytestmark = pytest.mark.unit


def _sent_assessment(world: Platform, mastery: int, multiple: bool = True):
    org = world.organization()
    member = world.member(org)
    created = world.create(org, member, multipleSendings=multiple)
    user = world.person()
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.pump()
    world.deliver(world.completed(participation, user, created["id"], mastery=mastery))
    assert world.share(user, participation).status_code == 200
    world.pump()
    return created, user, participation


def test_an_assessment_is_retried_4_days_after_sending_not_a_microsecond_before():
    world = Platform()
    created, user, participation = _sent_assessment(world, mastery=99)
    view = world.participation(user, participation).get_json()
    assert view["canRetry"] is False and view["retryAt"] == "2025-03-05T09:30:00.000000Z"
    world.clock.advance(days=4, microseconds=-1)
    early = world.retry(user, participation)
    assert early.status_code == 409 and early.get_json()["code"] == "RETRY_TOO_EARLY"
    assert early.get_json()["details"] == {"retryAt": "2025-03-05T09:30:00.000000Z"}
    assert early.get_json()["message"] == "Vous pourrez repasser le parcours 4 jours après l'envoi de vos résultats."
    world.clock.advance(microseconds=1)
    assert world.participation(user, participation).get_json()["canRetry"] is True
    again = world.retry(user, participation)
    assert again.status_code == 201
    second = again.get_json()["participationId"]
    assert second != participation
    (started,) = [e for e in world.envelopes() if e.type == "CampaignParticipationStarted" and e.data["attempt"] == 2]
    assert started.data["previous_participation_id"] == participation and started.data["participation_id"] == second
    view = world.participation(user, second).get_json()
    assert (view["status"], view["attempt"], view["canRetry"]) == ("STARTED", 2, False)
    # The older attempt is history now: it is no longer where one retries from.
    assert world.retry(user, participation).get_json()["code"] == "RETRY_NOT_ALLOWED"
    assert world.participation(user, participation).get_json()["canRetry"] is False
    world.pump()
    page = world.client.get(f"/api/campaigns/{created['id']}/participants",
                            headers=world.headers(world.member(created_org(world, created)))).get_json()
    assert page["total"] == 1 and page["rows"][0]["status"] == "STARTED"  # one row per person: the latest


def created_org(world, created) -> str:
    return world.db["campaigns"].find_one({"_id": created["id"]})["organization_id"]


def test_full_mastery_is_never_retried():
    world = Platform()
    _, user, participation = _sent_assessment(world, mastery=100)
    world.clock.advance(days=30)
    view = world.participation(user, participation).get_json()
    assert view["canRetry"] is False and view["retryAt"] is None
    refused = world.retry(user, participation)
    assert refused.status_code == 409 and refused.get_json()["code"] == "RETRY_NOT_ALLOWED"


def test_without_multiple_sendings_there_is_no_retry():
    world = Platform()
    _, user, participation = _sent_assessment(world, mastery=10, multiple=False)
    world.clock.advance(days=5)
    assert world.retry(user, participation).get_json()["code"] == "RETRY_NOT_ALLOWED"


def test_a_participation_not_sent_yet_is_not_retried():
    world = Platform()
    org = world.organization()
    created = world.create(org, world.member(org), multipleSendings=True)
    user = world.person()
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.clock.advance(days=10)
    assert world.retry(user, participation).get_json()["code"] == "RETRY_NOT_ALLOWED"


def test_a_profile_collection_sends_again_at_any_time_a_new_snapshot():
    world = Platform()
    org = world.organization()
    member = world.member(org)
    created = world.create(org, member, kind="PROFILES_COLLECTION", multipleSendings=True)
    user = world.person()
    world.profile(user, {"1.1": 1})
    first = world.join(user, created["code"]).get_json()["participationId"]
    world.share(user, first)
    assert world.participation(user, first).get_json()["canRetry"] is True  # at once: no delay
    second = world.retry(user, first).get_json()["participationId"]
    assert world.join(user, created["code"]).get_json()["participationId"] == second  # joining resumes it
    world.profile(user, {"1.1": 2})
    world.share(user, second)
    world.pump()
    shares = [e.data for e in world.envelopes() if e.type == "ProfileShared"]
    assert [s["total_pix"] for s in shares] == [8, 16] and len({s["share_id"] for s in shares}) == 2
    row = world.client.get(f"/api/campaigns/{created['id']}/participants",
                           headers=world.headers(member)).get_json()["rows"][0]
    assert row["totalPix"] == 16


def test_a_profile_collection_without_multiple_sendings_sends_once():
    world = Platform()
    org = world.organization()
    created = world.create(org, world.member(org), kind="PROFILES_COLLECTION")
    user = world.person()
    participation = world.join(user, created["code"]).get_json()["participationId"]
    world.share(user, participation)
    assert world.retry(user, participation).get_json()["code"] == "RETRY_NOT_ALLOWED"
    again = world.join(user, created["code"])
    assert again.status_code == 409 and again.get_json()["code"] == "ALREADY_PARTICIPATED"
    assert again.get_json()["message"] == "Vous avez déjà participé à cette campagne et envoyé vos résultats."
