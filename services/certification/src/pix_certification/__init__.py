"""Pix certification: exam administration and scoring (docs/architecture.md §1).

It owns centers, sessions, candidates, courses, results, certificates.
"""
