"""Certification's commands (frozen dataclasses). None yet: see the README's canvas."""
