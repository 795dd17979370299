"""Pix certification: exam administration and scoring (DESIGN.md §1).

It owns centers, sessions, candidates, courses, results, certificates.
"""
