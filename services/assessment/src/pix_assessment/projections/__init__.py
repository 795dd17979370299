"""Assessment's read models fed by subscriptions (rebuilt by `pix replay`).

Empty for now: assessment reads its own aggregates (handlers/queries.py), and the only
subscription it runs, the access revocations, is pixkit's. A read model built from events
(e.g. from another service's) would go here.
"""
