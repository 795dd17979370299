"""Sharing's worker process: the consumers that keep its copies (bootstrap's subscriptions).
Its outbox relay publishes sharing's events."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
