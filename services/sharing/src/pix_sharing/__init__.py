"""Pix sharing: organizations and campaigns (DESIGN.md §1).

It owns organizations, members, campaigns, shared snapshots, observatory figures.
"""
