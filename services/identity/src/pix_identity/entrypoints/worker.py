"""Identity's worker process: the outbox relay that publishes its events, the people relay
that publishes each person's current data on the compacted pix.identity.people (declared in
bootstrap's `relays`), the mailer, and the access revocations identity keeps like every service."""
from __future__ import annotations

from pixkit.worker import serve

from .. import config
from ..bootstrap import bootstrap


def main() -> None:
    serve(config.SERVICE, bootstrap)


if __name__ == "__main__":
    main()
