"""Events certification publishes. None yet: see the README's canvas."""
