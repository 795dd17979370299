"""Profile's worker process: its consumers (and its relay once it publishes events)."""
from __future__ import annotations

from pixkit.web.jsonlog import configure_logging
from pixkit.web.observability import serve_worker_metrics
from pixkit.worker import build_loops, run_forever

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    configure_logging(config.SERVICE)
    serve_worker_metrics()
    settings = config.load_settings()
    service = bootstrap(settings)
    run_forever(build_loops(settings, service.db, service.subscriptions, with_relay=service.publishes))


if __name__ == "__main__":
    main()
