"""Sharing's worker process. It has no consumer nor events yet, so it runs no loop and
waits for its stop signal: the process is there for the supervisor, like every worker."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
