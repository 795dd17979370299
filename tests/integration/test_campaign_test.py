"""A campaign test on the real broker and store: sharing's CampaignParticipationStarted,
relayed on pix.sharing.events, starts the test through assessment's own reactor loop; the
participant answers through assessment's API; the end, CampaignAssessmentCompleted, reaches
pix.assessment.events. Profile's loops ignore every event of the campaign: a campaign never
changes the positioning profile."""
import uuid

from pix_assessment.bootstrap import bootstrap
from pix_assessment.domain.content import load_bank
from pix_assessment.domain.content.reference import reference_answer
from pix_assessment.entrypoints.http import create_app
from pix_contracts import registry
from pix_profile.bootstrap import bootstrap as profile_bootstrap
from pixkit.consumer import ConsumerLoop, Dispatcher
from pixkit.events import PendingEvent, utc_now_iso
from pixkit.kafka import make_consumer, make_producer
from pixkit.relay import OutboxRelay, wait_idle
from pixkit.store import EventStore
from pixkit.testing import FakeDatabase, TokenMint
from pymongo import MongoClient

from .helpers import envelopes, read_topic, wait_for


def participation_started(participation_id: str, campaign_id: str, user_id: str) -> PendingEvent:
    return PendingEvent("CampaignParticipationStarted", 1, {
        "participation_id": participation_id, "campaign_id": campaign_id, "organization_id": str(uuid.uuid4()),
        "user_id": user_id, "kind": "ASSESSMENT", "target_competences": [], "target_tubes": ["@logique", "@motscles"],
        "attempt": 1, "previous_participation_id": None, "started_at": utc_now_iso()})


def test_a_participation_starts_the_test_and_its_end_is_published(settings_for):
    sharing, assessment = settings_for("sharing"), settings_for("assessment")
    client = MongoClient(sharing.mongo_uri)
    user, campaign, participation = (str(uuid.uuid4()) for _ in range(3))
    EventStore(client[sharing.db_name], "sharing").append(
        f"participation-{campaign}-{user}", 0, [participation_started(participation, campaign, user)], key=user)
    wait_idle(OutboxRelay(client[sharing.db_name], lambda: make_producer(sharing), sharing.events_topic, "sharing"))

    service = bootstrap(assessment, client[assessment.db_name], env={})
    reactor = next(r for r in service.reactors if r.name == "campaign-tests")
    group = assessment.group(reactor.name)
    assert group.endswith("assessment.campaign-tests")
    loop = ConsumerLoop(make_consumer(assessment, group, reactor.topics), lambda: make_producer(assessment),
                        Dispatcher(reactor, group), assessment.dlq_topic)
    try:
        wait_for(lambda: loop.poll_once() >= 0 and service.engine.index.get(participation), timeout=30)
    finally:
        loop.close()

    mint, bank = TokenMint(), load_bank()
    api = create_app(assessment, service, ready_checks={}, verifier=mint.verifier()).test_client()
    auth = mint.headers(user)
    view = api.get(f"/api/assessments/{participation}", headers=auth).get_json()
    assert view["kind"] == "campaign" and view["state"] == "started"
    assert api.get(f"/api/assessments/{participation}", headers=mint.headers(str(uuid.uuid4()))).status_code == 404
    answered = 0
    while view["state"] == "started":
        challenge = bank.challenge_by_id[view["challenge"]["id"]]
        assert challenge.tube in {"logique", "motscles"}
        body = {"challengeId": challenge.id, "answer": reference_answer(challenge, view["challenge"]["proposals"])}
        reply = api.post(f"/api/assessments/{participation}/answers", json=body, headers=auth)
        assert reply.status_code == 201, reply.get_json()
        view, answered = reply.get_json()["assessment"], answered + 1
        assert answered <= 20
    assert view["result"]["targetSkills"] >= answered

    wait_idle(OutboxRelay(client[assessment.db_name], lambda: make_producer(assessment), assessment.events_topic,
                          "assessment"))
    records = read_topic(assessment.kafka_bootstrap, assessment.events_topic, answered + 1)
    published = [e for e in envelopes(records) if e.stream == f"campaign-{participation}"]
    assert [e.type for e in published] == ["AnswerRecorded"] * answered + ["CampaignAssessmentCompleted"]
    assert all(r.key.decode() == user for r in records)
    done = published[-1]
    registry.validate_data(done.type, done.schema_version, done.data)
    assert done.data["participation_id"] == participation and done.data["campaign_id"] == campaign
    assert done.data["mastery_rate"] == view["result"]["masteryRate"]
    assert len(done.data["target_skills"]) == view["result"]["targetSkills"]

    # Profile's projection and publisher read pix.assessment.events: none of these is theirs.
    profile = profile_bootstrap(settings_for("profile"), FakeDatabase())
    for loop_of_profile in [*profile.subscriptions, *profile.reactors]:
        dispatcher = Dispatcher(loop_of_profile, "unit", sleep=lambda _: None)
        assert {dispatcher.handle_record(r)[0] for r in records} == {"ignored"}
    assert profile.db["profiles"].find_one({"_id": user}) is None
    assert profile.store.read_stream(f"profile-{user}") == []
    client.close()
