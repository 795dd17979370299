"""Assessment's worker process. It has no consumer nor events yet, so it runs no loop and
waits for its stop signal: the process is there for the supervisor, like every worker."""
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
