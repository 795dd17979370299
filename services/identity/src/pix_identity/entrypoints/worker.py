"""Identity's worker process: the outbox relay that publishes its events, and the people
relay that publishes each person's current data on the compacted pix.identity.people, the
mailer, and the access revocations identity keeps like every service."""
from __future__ import annotations

from pixkit.kafka import make_producer
from pixkit.people_relay import PeopleRelay
from pixkit.settings import Settings
from pixkit.worker import build_loops, run_forever

from .. import config
from ..bootstrap import bootstrap


def loops(settings: Settings, container) -> list:
    people = PeopleRelay(container.db, lambda: make_producer(settings), settings.topic("pix.identity.people"))
    return [*build_loops(settings, container.db, [*container.subscriptions, *container.reactors], with_relay=True),
            people]


def main() -> None:
    from pixkit.web.jsonlog import configure_logging
    from pixkit.web.observability import serve_worker_metrics

    configure_logging(config.SERVICE)
    serve_worker_metrics()
    settings = config.load_settings()
    run_forever(loops(settings, bootstrap(settings)))


if __name__ == "__main__":
    main()
