"""Profile's read models, built from other services' events."""
