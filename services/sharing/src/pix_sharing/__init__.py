"""Pix sharing: organizations and campaigns (docs/architecture.md §1).

It owns organizations, members, campaigns, shared snapshots, observatory figures.
"""
