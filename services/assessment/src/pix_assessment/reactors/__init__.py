"""Assessment's subscriptions with side effects (append or publish events, send mail).

Empty for now: assessment reacts to no other service's events. A reaction, e.g. closing a
test when a person's account is deleted, would go here.
"""
