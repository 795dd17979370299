"""Profile publishes ProfileUpdated (the whole profile) once per upstream change."""
import uuid

from pix_contracts import registry
from pix_profile.bootstrap import bootstrap
from pixkit.consumer import Dispatcher
from pixkit.testing import FakeDatabase, unit_settings

from .test_profiles import USER, competence_evaluated, user_registered


def react(service, message: bytes) -> None:
    (reactor,) = service.reactors
    outcome, error, _ = Dispatcher(reactor, "unit", sleep=lambda _: None).handle(message)
    assert error is None, error


def published(service) -> list:
    return service.store.read_stream(f"profile-{USER}")


def test_registration_announces_an_empty_profile_then_each_evaluation_a_new_one():
    service = bootstrap(unit_settings("profile"), FakeDatabase())
    react(service, user_registered())
    react(service, competence_evaluated("1.3", 2, 19, position=5))
    react(service, competence_evaluated("4.1", 5, 40, position=9))
    events = published(service)
    assert [e.type for e in events] == ["ProfileUpdated"] * 3
    for event in events:
        registry.validate_data(event.type, event.schema_version, event.data)
        assert event.key == USER
    last = {c["code"]: c for c in events[-1].data["competences"]}
    assert last["1.3"] == {"code": "1.3", "level": 2, "pix": 19, "progress": 3}
    assert last["4.1"] == {"code": "4.1", "level": 5, "pix": 40, "progress": 0}  # at the maximum level
    assert events[-1].data["total_pix"] == 59 and events[0].data["total_pix"] == 0
    assert events[-1].data["updated_at"] == "2025-03-01T10:00:00.000000Z"  # the cause's time: replayable


def test_redeliveries_and_older_events_publish_nothing():
    service = bootstrap(unit_settings("profile"), FakeDatabase())
    react(service, competence_evaluated("1.3", 2, 19, position=5))
    react(service, competence_evaluated("1.3", 2, 19, position=5))  # the same event again
    react(service, competence_evaluated("1.3", 1, 12, position=3))  # an older one
    react(service, user_registered())  # the profile exists already: nothing new to say
    events = published(service)
    assert len(events) == 1 and events[0].meta["causation_id"]


def test_a_reset_is_published_too():
    service = bootstrap(unit_settings("profile"), FakeDatabase())
    react(service, competence_evaluated("1.3", 2, 19, position=5))
    react(service, competence_evaluated("1.3", 0, 0, position=8, reason="reset"))
    assert published(service)[-1].data["total_pix"] == 0


def test_each_person_has_their_own_stream():
    service = bootstrap(unit_settings("profile"), FakeDatabase())
    react(service, user_registered())
    other = str(uuid.UUID(int=99))
    react(service, user_registered(user_id=other))
    assert len(published(service)) == 1 and len(service.store.read_stream(f"profile-{other}")) == 1
