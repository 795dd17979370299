"""Which dispatcher reads a subscription's records: events (consumer) or people (people).

Kept apart from both so that neither imports the other.
"""
from __future__ import annotations

from .consumer import Dispatcher, Subscription
from .people import PeopleDispatcher, PeopleSubscription


def dispatcher_for(subscription: Subscription | PeopleSubscription, group: str, **options):
    if isinstance(subscription, PeopleSubscription):
        return PeopleDispatcher(subscription, group, **options)
    return Dispatcher(subscription, group, **options)
