"""Identity's read models fed by subscriptions (rebuilt by `pix replay`).

Empty for now: identity's read side is its own collections, written by its handlers, and the
access revocations it applies like every service are pixkit's (pixkit.revocations). A read
model built from events would go here.
"""
