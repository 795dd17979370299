"""Pix gateway: the only public entry (DESIGN.md §6). Nothing durable lives here."""
