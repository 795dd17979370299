"""Certification's queries. None yet: see the README's canvas."""
