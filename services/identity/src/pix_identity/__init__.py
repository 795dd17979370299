"""Pix identity: accounts, credentials and personal data (DESIGN.md §1, §5)."""
