"""Sharing's reactors: subscriptions with side effects, never run by `pix replay`:
invitations (the invitation mail)."""
