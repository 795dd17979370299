"""Certification's use cases: command handlers, one module per concern, bound in bootstrap;
the read side in queries.py. None yet: see the README's canvas (centers, sessions,
candidates, courses, results, certificates)."""
