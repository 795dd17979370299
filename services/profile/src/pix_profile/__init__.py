"""Pix profile: each person's competence profile (DESIGN.md §1)."""
