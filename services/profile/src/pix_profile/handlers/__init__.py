"""Profile's use cases. No command handler: a profile changes only through events
(projections/, reactors/); sharing a profile with an organization is sharing's command.
The read side is in queries.py."""
