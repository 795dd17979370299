"""Sharing's rules, free of any framework. None yet: see the README's canvas."""
