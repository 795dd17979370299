"""CompetenceEvaluated v1 and v2 through profile's real subscriptions, on the real broker and
store (docs/adr/0010-event-versions-and-upcasters.md): the v1 events already in the log
reach the v2 handlers through the upcaster, a v3 lands in the DLQ with its reason while the
loop goes on, and a replay from zero gives the same read model."""
import base64
import json
import uuid

from pix_profile.bootstrap import bootstrap
from pix_profile.projections import profiles
from pixkit.consumer import ConsumerLoop
from pixkit.dispatch import dispatcher_for
from pixkit.events import Envelope
from pixkit.kafka import make_consumer, make_producer
from pixkit.replay import replay
from pymongo import MongoClient

from .helpers import read_topic, wait_for

ALICE, BOB, CAROL = (str(uuid.uuid4()) for _ in range(3))


def evaluated(version: int, user_id: str, code: str, pix: int, level: int, position: int, **extra) -> Envelope:
    data = {"user_id": user_id, "competence_code": code, "assessment_id": str(uuid.uuid4()), "reason": "assessment",
            "validated_skills": ["@tableur1"], "invalidated_skills": [], "pix": pix, "level": level, "max_level": 5,
            "evaluated_at": "2025-03-01T10:00:00.000000Z", **extra}
    return Envelope(id=str(uuid.uuid4()), type="CompetenceEvaluated", schema_version=version, source="assessment",
                    stream=f"competence-{user_id}-{code.replace('.', '_')}", position=position,
                    occurred_at="2025-03-01T10:00:00.000000Z", key=user_id, data=data,
                    meta={"correlation_id": None, "causation_id": None, "actor": user_id})


def publish(settings, envelopes) -> None:
    producer = make_producer(settings)
    for envelope in envelopes:
        producer.send(settings.topic("pix.assessment.events"), key=envelope.key.encode(), value=envelope.to_wire())
    producer.flush(timeout=10)
    producer.close()


def loop_of(settings, subscription) -> ConsumerLoop:
    group = settings.group(subscription.name)
    return ConsumerLoop(make_consumer(settings, group, subscription.topics), lambda: make_producer(settings),
                        dispatcher_for(subscription, group), settings.dlq_topic)


def competences(db) -> dict:
    return {doc["_id"]: doc.get("competences") for doc in db[profiles.COLLECTION].find()}


def test_v1_and_v2_reach_the_v2_readers_a_v3_is_dead_lettered_and_a_replay_agrees(settings_for):
    assessment, profile = settings_for("assessment"), settings_for("profile")
    client = MongoClient(profile.mongo_uri)
    db = client[profile.db_name]
    service = bootstrap(profile, db)
    projection = next(s for s in service.subscriptions if s.name == "profiles")
    (reactor,) = service.reactors
    assert projection.reads["CompetenceEvaluated"] == reactor.reads["CompetenceEvaluated"] == 2

    # The log as it is: v1 events written before the switch, then v2 ones.
    publish(assessment, [evaluated(1, ALICE, "1.3", 19, 2, position=4), evaluated(1, BOB, "2.1", 40, 5, position=2)])
    publish(assessment, [evaluated(2, ALICE, "1.3", 27, 3, position=9, progress=3),
                         evaluated(2, ALICE, "4.1", 11, 1, position=3, progress=3)])
    loops = [loop_of(profile, projection), loop_of(profile, reactor)]
    expected = {ALICE: {"1_3": {"level": 3, "pix": 27, "progress": 3}, "4_1": {"level": 1, "pix": 11, "progress": 3}},
                BOB: {"2_1": {"level": 5, "pix": 40, "progress": 0}}}  # upcast from v1: at the maximum level

    def drained(check):
        return wait_for(lambda: sum(loop.poll_once() for loop in loops) == 0 and check(), timeout=60)

    drained(lambda: competences(db) == expected)
    bob_updates = service.store.read_stream(f"profile-{BOB}")
    assert [c for c in bob_updates[-1].data["competences"] if c["code"] == "2.1"] == [
        {"code": "2.1", "level": 5, "pix": 40, "progress": 0}]  # the reactor read the v1 upcast too

    # A version this consumer has no contract for: the DLQ, with the reason; the next event still lands.
    v3 = evaluated(3, CAROL, "5.1", 8, 1, position=1, progress=0, stars=1)
    publish(assessment, [v3, evaluated(2, CAROL, "5.2", 8, 1, position=1, progress=0)])
    expected[CAROL] = {"5_2": {"level": 1, "pix": 8, "progress": 0}}
    drained(lambda: competences(db) == expected
            and len(read_topic(profile.kafka_bootstrap, profile.dlq_topic, 2, timeout=2)) >= 2)
    letters = [json.loads(r.value) for r in read_topic(profile.kafka_bootstrap, profile.dlq_topic, 2)]
    assert sorted(letter["consumer_group"] for letter in letters) == [profile.group("profile-publisher"),
                                                                      profile.group("profiles")]
    for letter in letters:
        assert letter["error"]["type"] == "UnreadableVersion" and letter["error"]["attempts"] == 0
        assert letter["error"]["message"].startswith(
            f"UnreadableVersion: no handler of {letter['consumer_group']} reads CompetenceEvaluated v3")
        assert base64.b64decode(letter["original"]["value_b64"]) == v3.to_wire()
    for loop in loops:
        loop.close()

    # `pix replay profile`: drop the read models, read every topic from offset 0 with the same dispatch.
    built = sorted(db[profiles.COLLECTION].find(), key=lambda doc: doc["_id"])
    db[profiles.COLLECTION].delete_many({})
    read = replay(profile, db, list(service.subscriptions), list(service.read_model_collections))
    assert read == 6  # five readable CompetenceEvaluated and the v3, skipped (it is in the DLQ)
    assert sorted(db[profiles.COLLECTION].find(), key=lambda doc: doc["_id"]) == built
    client.close()
