"""Profile's worker process: its consumers (and its relay once it publishes events)."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
