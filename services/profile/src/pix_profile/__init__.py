"""Pix profile: each person's competence profile (docs/architecture.md §1)."""
