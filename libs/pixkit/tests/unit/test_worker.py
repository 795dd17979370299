"""pixkit.worker.build_loops: a service's declared relays run in its worker, beside the
outbox relay and the consumer loops, and are built only there (from the worker's settings)."""
from pixkit import worker
from pixkit.consumer import ConsumerLoop, Subscription
from pixkit.events import EventCodec
from pixkit.relay import OutboxRelay
from pixkit.testing import FakeDatabase, unit_settings
from pixkit.web.container import ServiceContainer


class Relay:
    def __init__(self, name, settings):
        self.name, self.settings = name, settings

    def run(self, stop):  # the loop protocol run_forever drives
        stop.wait()


def test_build_loops_includes_each_declared_relay_built_from_the_worker_settings():
    settings, built = unit_settings("things"), []

    def factory(name):
        def make(given):
            built.append(name)
            return Relay(name, given)
        return make

    loops = worker.build_loops(settings, FakeDatabase(), [], relays=[factory("people"), factory("other")])
    assert isinstance(loops[0], OutboxRelay)
    assert [(loop.name, loop.settings) for loop in loops[1:]] == [("people", settings), ("other", settings)]
    assert built == ["people", "other"]


def test_declared_relays_run_even_when_the_service_publishes_no_events(monkeypatch):
    monkeypatch.setattr(worker, "make_consumer", lambda settings, group, topics: object())
    settings = unit_settings("things")
    sub = Subscription("reader", ["pix.things.events"])
    loops = worker.build_loops(settings, FakeDatabase(), [sub], with_relay=False,
                               relays=[lambda given: Relay("people", given)])
    assert [type(loop) for loop in loops] == [Relay, ConsumerLoop]


def test_serve_hands_the_container_relays_to_build_loops(monkeypatch):
    settings, relay = unit_settings("things"), Relay("people", None)
    container = ServiceContainer(settings=settings, db=FakeDatabase(), codec=EventCodec(),
                                 relays=[lambda given: relay])
    ran = []
    monkeypatch.setattr(worker.Settings, "from_env", staticmethod(lambda service: settings))
    monkeypatch.setattr(worker, "run_forever", ran.append)
    monkeypatch.setattr("pixkit.web.jsonlog.configure_logging", lambda service: None)
    monkeypatch.setattr("pixkit.web.observability.serve_worker_metrics", lambda: None)
    worker.serve("things", lambda given: container)
    assert ran == [[relay]]  # no events registered: no outbox relay, no subscription
