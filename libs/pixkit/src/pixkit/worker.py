"""A service's worker process: its outbox relay, the other publishing loops it declares, and
its consumer loops, one thread each."""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

from pymongo.database import Database

from .consumer import ConsumerLoop, Subscription
from .dispatch import dispatcher_for
from .kafka import make_consumer, make_producer
from .relay import OutboxRelay
from .settings import Settings

log = logging.getLogger(__name__)


def build_loops(settings: Settings, db: Database, subscriptions: Sequence[Subscription],
                with_relay: bool = True, relays: Sequence[Callable[[Settings], Any]] = ()) -> list:
    """The outbox relay (if the service publishes), each declared relay, then one consumer
    loop per subscription."""
    loops: list = []
    if with_relay:
        loops.append(OutboxRelay(db, lambda: make_producer(settings), settings.events_topic, settings.service))
    loops += [make_relay(settings) for make_relay in relays]
    for sub in subscriptions:
        group = settings.group(sub.name)
        consumer = make_consumer(settings, group, sub.topics)
        loops.append(ConsumerLoop(consumer, lambda: make_producer(settings), dispatcher_for(sub, group),
                                  settings.dlq_topic))
    return loops


def run_forever(loops: list, stop: threading.Event | None = None) -> None:
    """Run every loop in a thread until SIGTERM/SIGINT; a crashed loop stops the process so
    that the supervisor restarts it (a silent half-alive worker would hide lag)."""
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    failed: list[BaseException] = []

    def guard(loop):
        try:
            loop.run(stop)
        except BaseException as exc:
            log.exception("worker loop %s crashed", type(loop).__name__)
            failed.append(exc)
            stop.set()

    threads = [threading.Thread(target=guard, args=(loop,), name=type(loop).__name__, daemon=True)
               for loop in loops]
    for thread in threads:
        thread.start()
    while not stop.wait(0.5):
        pass
    for thread in threads:
        thread.join(timeout=15)
    if failed:
        raise SystemExit(1)


def serve(service: str, bootstrap) -> None:
    """The body of every service's worker entrypoint: logs, metrics, the service's loops."""
    from .web.jsonlog import configure_logging
    from .web.observability import serve_worker_metrics

    configure_logging(service)
    serve_worker_metrics()
    settings = Settings.from_env(service)
    container = bootstrap(settings)
    run_forever(build_loops(settings, container.db, [*container.subscriptions, *container.reactors],
                            with_relay=container.publishes, relays=container.relays))
