"""Pix identity: accounts, credentials and personal data (docs/architecture.md §1, §5)."""
