"""Plumbing shared by the Pix services. No domain rules live here."""
