"""Sharing's rules, free of any framework, one module per feature: organizations (codes,
members, invitations), shares (the snapshot), campaigns (codes, participations, retries),
exports (CSV cells and columns). Each module holds its commands, its errors and its rules."""
