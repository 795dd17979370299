"""Pix gateway: the only public entry (docs/architecture.md §6). Nothing durable lives here."""
