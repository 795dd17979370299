"""Marshmallow schemas for the `data` of each event, one module per producing service."""
