"""Sharing's read models, built from other services' events: its copies of people and
profiles (copies.py). `pix replay` rebuilds them, so they never publish anything."""
