"""Events sharing publishes. None yet: see the README's canvas."""
