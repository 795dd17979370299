"""Profile's command handlers. None yet: a profile changes only through events
(projections/); sharing a profile with an organization is sharing's command."""
