"""Certification's read models, fed by bootstrap's subscriptions (idempotent upserts).
`pix replay` rebuilds them, so they never publish anything. Empty for now: the copies of
people and profiles a session needs will go here (as in sharing's projections/copies.py)."""
