"""Pix assessment: the test-delivery engine (docs/architecture.md §1).

It owns the framework and challenges, assessments, answers, knowledge elements.
"""
