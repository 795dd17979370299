"""One JSON object per log line, carrying the service and the request ids (docs/architecture.md §6).

Used by the web processes (through gunicorn's logconfig_dict and create_base_app) and by
the workers, so that every line of the platform can be searched the same way.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

from .context import current_ids


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str = "pix", **_: object) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        request_id, correlation_id = current_ids()
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
                    .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": self.service,
            "request_id": getattr(record, "request_id", request_id),
            "correlation_id": getattr(record, "correlation_id", correlation_id),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({k: v for k, v in fields.items() if k not in line})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


# kafka-python narrates every connection at INFO; its warnings are what operators need.
QUIET_LOGGERS = ("kafka",)


def configure_logging(service: str, level: str | None = None) -> None:
    """Send the root logger's lines to stderr as JSON, once per process."""
    root = logging.getLogger()
    root.setLevel((level or os.environ.get("PIX_LOG_LEVEL", "INFO")).upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return  # gunicorn's logconfig_dict (or an earlier call) already did it
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root.addHandler(handler)


def logging_dict(service: str, level: str = "INFO") -> dict:
    """dictConfig for gunicorn: its own loggers and the application's write JSON too."""
    formatter = {"()": "pixkit.web.jsonlog.JsonFormatter", "service": service}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json",
                                 "stream": "ext://sys.stderr"}},
        "root": {"level": level, "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["console"], "propagate": False},
            **{name: {"level": "WARNING"} for name in QUIET_LOGGERS},
            # With a logconfig_dict gunicorn logs access lines whatever `accesslog` says;
            # the app writes its own, with the request id (pixkit.web.observability).
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
