"""Events profile publishes. None yet: ProfileUpdated (the full profile, event-carried
state) comes with the first scored competence."""
