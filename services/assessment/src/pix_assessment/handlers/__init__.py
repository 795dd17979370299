"""Assessment's use cases, one module per feature: starting (a positioning or a retry),
answering, reset, and the read side (queries). engine.py holds what they share; bootstrap
binds each to its command."""
