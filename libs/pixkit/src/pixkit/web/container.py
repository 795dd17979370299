"""What a service's composition root (`bootstrap.py`) hands to its entrypoints.

The worker runs `subscriptions` (they feed read models) and `reactors` (they react with
side effects, such as appending and publishing events), beside the outbox relay of the
service's events and the other publishing loops the service declares in `relays` (e.g.
identity's people relay). `pix replay` rebuilds `read_model_collections` from
`subscriptions` only, so a rebuild never publishes again.
The web entrypoint calls `execute(command, meta)`, which runs the handler registered for
the command's type: handlers are data, bound in bootstrap.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pixkit.consumer import Subscription
from pixkit.events import EventCodec, Meta
from pixkit.settings import Settings
from pixkit.store import EventStore

CommandHandler = Callable[[Any, Meta], Any]
# Makes one publishing loop (an object with run(stop)) for the worker; called by the worker
# only, so that a web process bootstraps without building it.
RelayFactory = Callable[[Settings], Any]


@dataclass
class ServiceContainer:
    settings: Settings
    db: Any
    codec: EventCodec
    store: EventStore | None = None
    handlers: dict[type, CommandHandler] = field(default_factory=dict)
    subscriptions: list[Subscription] = field(default_factory=list)
    reactors: list[Subscription] = field(default_factory=list)
    read_model_collections: list[str] = field(default_factory=list)
    relays: list[RelayFactory] = field(default_factory=list)

    def execute(self, command: Any, meta: Meta | None = None) -> Any:
        return self.handlers[type(command)](command, meta or Meta())

    @property
    def publishes(self) -> bool:
        """Whether this service appends events at all (then its worker runs a relay)."""
        return bool(self.codec.wire_names)
