"""Sharing's read models: copies (people and profiles), organizations (and memberships),
shares (snapshots, sendings, organization tables), campaigns (participations, campaign
tables). `pix replay` rebuilds them, so they never publish anything."""
