"""Certification's reactors: subscriptions with side effects (appending or publishing
events, sending mail), never run by `pix replay`. Empty for now: certification reacts
to nothing yet; what answers a scored course (e.g. issuing a certificate) will go here."""
