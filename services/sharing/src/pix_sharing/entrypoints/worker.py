"""Sharing's worker process: the consumers that keep its copies (bootstrap's subscriptions).
It publishes no events yet, so it runs no relay."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
