"""The web pages (docs/architecture.md §6): the web shell of package `web`, installed on the app.

Server-rendered Jinja templates (templates/), one style sheet (static/pix.css), no script
needed: every page works with plain HTML forms."""
from __future__ import annotations

from flask import Flask
from pixkit.settings import Settings

from . import web


def install(app: Flask, settings: Settings, store=None) -> None:
    web.install(app, settings, store)
