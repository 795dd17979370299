"""What certification's rules refuse: DomainError subclasses (a `code`, no HTTP status, no
text; entrypoints/errors.py and entrypoints/messages.py give those). None yet."""
