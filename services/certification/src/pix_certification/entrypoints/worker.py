"""Certification's worker process. It publishes no events yet, so it runs no relay; its one
consumer keeps the access revocations every service keeps (bootstrap)."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
