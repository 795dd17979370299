"""gunicorn's logger for the web processes, without its access lines.

With a logconfig_dict (serving.gunicorn_settings) gunicorn builds an access line for every
request whatever `accesslog` says: the atoms of the request, then a call that the
`gunicorn.access` logger drops (jsonlog.logging_dict). The app writes its own line, with
the request id (observability); this logger makes gunicorn skip building its own. Its
error log is gunicorn's, unchanged.
"""
from __future__ import annotations

from gunicorn.glogging import Logger


class AppWritesAccessLines(Logger):
    @property
    def access_log_enabled(self) -> bool:
        return False

    def access(self, resp, req, environ, request_time) -> None:
        return None
