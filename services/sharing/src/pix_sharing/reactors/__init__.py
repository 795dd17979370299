"""Sharing's reactors: subscriptions with side effects (appending or publishing events,
sending mail), never run by `pix replay`. Empty for now: sharing only keeps copies
(projections/copies.py); what reacts to a shared snapshot will go here."""
