"""Profile's commands. None: a profile changes only through other services' events."""
