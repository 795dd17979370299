"""Identity's rules, free of any framework: sign-up (registration.py) and its events."""
