"""Assessment's command handlers. None yet: see the README's canvas."""
