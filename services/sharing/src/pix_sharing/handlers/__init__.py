"""Sharing's use cases, one pair of modules per feature (commands, then `*_queries` for the
read side): organizations, shares, campaigns, and space_queries (the organization space).
Bound in bootstrap."""
