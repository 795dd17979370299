"""catalog.yaml's consumers are what the services really subscribe to: each service's real
bootstrap, built on a fake store, and the subscriptions and reactors it hands its worker."""

import importlib
import inspect

import pytest
from pix_contracts.topics import SERVICES
from pixkit.consumer import Subscription
from pixkit.people import PeopleSubscription
from pixkit.testing import FakeDatabase, unit_settings
from pixkit.upcasting import UPCASTERS


def _container(service: str):
    config = importlib.import_module(f"pix_{service}.config")
    bootstrap = importlib.import_module(f"pix_{service}.bootstrap").bootstrap
    assert config.SERVICE == service
    # env={} where a bootstrap reads the environment, so the host's variables change nothing.
    extra = {"env": {}} if "env" in inspect.signature(bootstrap).parameters else {}
    return bootstrap(unit_settings(config.SERVICE), FakeDatabase(), **extra)


@pytest.fixture(scope="module")
def containers():
    return {service: _container(service) for service in SERVICES}


def _loops(container):
    return [*container.subscriptions, *container.reactors]


def _read(containers):
    """(wire name, version read) → {(service, subscription name)}; and people topic readers."""
    events, people = {}, set()
    for service, container in containers.items():
        for loop in _loops(container):
            if isinstance(loop, PeopleSubscription):
                people.add((service, loop.name))
                continue
            assert isinstance(loop, Subscription), (service, loop)
            for wire_name in loop.handlers:
                events.setdefault((wire_name, loop.reads[wire_name]), set()).add((service, loop.name))
    return events, people


def test_every_service_builds_and_subscribes(containers):
    events, _ = _read(containers)
    assert set(containers) == set(SERVICES)
    assert {service for readers in events.values() for service, _ in readers} == set(SERVICES)


def test_catalog_consumers_are_the_subscribing_services(containers, catalog):
    events, _ = _read(containers)
    wrong = []
    for name, entry in catalog["events"].items():
        subscribed = {service for (wire_name, _), readers in events.items() if wire_name == name
                      for service, _ in readers}
        if subscribed != set(entry["consumers"]):
            wrong.append(f"{name}: catalog says {sorted(entry['consumers'])}, the bootstraps subscribe "
                         f"{sorted(subscribed)}")
    unlisted = {wire_name for wire_name, _ in events} - set(catalog["events"])
    assert not unlisted, f"subscribed to but not in catalog.yaml: {sorted(unlisted)}"
    assert not wrong, "\n".join(wrong)


def test_catalog_people_consumers_are_the_people_subscriptions(containers, catalog):
    _, people = _read(containers)
    assert {service for service, _ in people} == set(catalog["people"]["consumers"])


def test_each_reader_reads_every_published_version(containers, catalog):
    """A reader of version r gets the events of every version in the log (they are kept
    forever): its own, and the older ones through pix_contracts.upcasters."""
    events, _ = _read(containers)
    for (name, read), readers in events.items():
        published = set(catalog["events"][name]["versions"])
        assert read in published, f"{sorted(readers)} read {name} v{read}, which catalog.yaml does not publish"
        unreadable = {v for v in published if not UPCASTERS.reaches(name, v, read)}
        assert not unreadable, f"{sorted(readers)} read {name} v{read}: v{sorted(unreadable)} would be dead-lettered"


def test_each_subscription_reads_the_topic_of_its_events(containers, catalog):
    for service, container in containers.items():
        settings = container.settings
        for loop in _loops(container):
            if isinstance(loop, PeopleSubscription):
                assert loop.topics == [settings.topic(catalog["people"]["topic"])], (service, loop.name)
                continue
            expected = {settings.topic(catalog["events"][name]["topic"]) for name in loop.handlers}
            # A topic read for none of its handlers costs polls; one missing starves a handler.
            assert set(loop.topics) == expected, (service, loop.name)
