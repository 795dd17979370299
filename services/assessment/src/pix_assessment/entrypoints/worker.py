"""Assessment's worker process: the outbox relay that publishes its events on
pix.assessment.events, the access revocations, and the reactors that start campaign tests and
open and end certification tests."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
