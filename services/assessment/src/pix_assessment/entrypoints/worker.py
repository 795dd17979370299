"""Assessment's worker process: the outbox relay that publishes its events on
pix.assessment.events, the access revocations, and the reactor that starts campaign tests."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
