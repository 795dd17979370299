"""Events assessment publishes. None yet: see the README's canvas."""
